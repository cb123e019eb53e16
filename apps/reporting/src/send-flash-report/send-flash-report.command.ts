import { SendFlashReport } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';

export class SendFlashReportCommand extends DomainCommand<typeof SendFlashReport, ReportOutcome>(
  SendFlashReport,
) {}
