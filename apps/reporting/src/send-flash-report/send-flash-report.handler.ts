import { Inject } from '@nestjs/common';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { reportOnObligation, type ReportOutcome } from '../incidents/report-on-incident';
import { IncidentReporting } from '../incidents/incident-reporting';
import { SendFlashReportCommand } from './send-flash-report.command';

@HandlesCommand(SendFlashReportCommand)
export class SendFlashReportHandler {
  constructor(@Inject(IncidentReporting) private readonly reporting: IncidentReporting) {}

  handle({ payload: p }: SendFlashReportCommand, tx: CommandTransaction): Promise<ReportOutcome> {
    const reportId = tx.newId();
    return reportOnObligation(this.reporting, tx, p.obligationId, reportId, {
      kind: 'send-flash',
      reportId,
      ...p,
    });
  }
}
