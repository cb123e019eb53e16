import './instrument';
import { bootstrapService } from '@yuqing/service-kit';
import { archiveService } from './archive.service';

void bootstrapService(archiveService);
