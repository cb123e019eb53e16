import { AcknowledgeReportReceipt } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';

export class AcknowledgeReportReceiptCommand extends DomainCommand<
  typeof AcknowledgeReportReceipt,
  ReportOutcome
>(AcknowledgeReportReceipt) {}
