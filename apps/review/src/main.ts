import './instrument';
import { bootstrapService } from '@yuqing/service-kit';
import { reviewService } from './review.service';

void bootstrapService(reviewService);
