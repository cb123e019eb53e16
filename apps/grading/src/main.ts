import './instrument';
import { bootstrapService } from '@yuqing/service-kit';
import { gradingService } from './grading.service';

void bootstrapService(gradingService);
