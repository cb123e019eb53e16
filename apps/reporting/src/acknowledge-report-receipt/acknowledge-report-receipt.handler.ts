import { Inject } from '@nestjs/common';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { actOnReport, type ReportOutcome } from '../incidents/report-on-incident';
import { IncidentReporting } from '../incidents/incident-reporting';
import { AcknowledgeReportReceiptCommand } from './acknowledge-report-receipt.command';

@HandlesCommand(AcknowledgeReportReceiptCommand)
export class AcknowledgeReportReceiptHandler {
  constructor(@Inject(IncidentReporting) private readonly reporting: IncidentReporting) {}

  handle({ payload: p }: AcknowledgeReportReceiptCommand, tx: CommandTransaction): Promise<ReportOutcome> {
    return actOnReport(this.reporting, tx, p.reportId, { kind: 'acknowledge', ...p });
  }
}
