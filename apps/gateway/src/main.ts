import './instrument';
import { bootstrapService } from '@yuqing/service-kit';
import { gatewayService } from './gateway.service';

void bootstrapService(gatewayService);
