import './instrument';
import { bootstrapService } from '@yuqing/service-kit';
import { ingestionService } from './ingestion.service';

void bootstrapService(ingestionService);
