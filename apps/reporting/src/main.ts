import './instrument';
import { bootstrapService } from '@yuqing/service-kit';
import { reportingService } from './reporting.service';

void bootstrapService(reportingService);
