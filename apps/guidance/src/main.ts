import './instrument';
import { bootstrapService } from '@yuqing/service-kit';
import { guidanceService } from './guidance.service';

void bootstrapService(guidanceService);
