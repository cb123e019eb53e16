import { Inject } from '@nestjs/common';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { reportOnObligation, type ReportOutcome } from '../incidents/report-on-incident';
import { IncidentReporting } from '../incidents/incident-reporting';
import { ReportHandlingResultCommand } from './report-handling-result.command';

@HandlesCommand(ReportHandlingResultCommand)
export class ReportHandlingResultHandler {
  constructor(@Inject(IncidentReporting) private readonly reporting: IncidentReporting) {}

  handle({ payload: p }: ReportHandlingResultCommand, tx: CommandTransaction): Promise<ReportOutcome> {
    const reportId = tx.newId();
    return reportOnObligation(this.reporting, tx, p.obligationId, reportId, {
      kind: 'report-handling-result',
      reportId,
      ...p,
    });
  }
}
