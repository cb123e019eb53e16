import { Inject } from '@nestjs/common';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { actOnReport, type ReportOutcome } from '../incidents/report-on-incident';
import { IncidentReporting } from '../incidents/incident-reporting';
import { ForwardReportCommand } from './forward-report.command';

@HandlesCommand(ForwardReportCommand)
export class ForwardReportHandler {
  constructor(@Inject(IncidentReporting) private readonly reporting: IncidentReporting) {}

  handle({ payload: p }: ForwardReportCommand, tx: CommandTransaction): Promise<ReportOutcome> {
    return actOnReport(this.reporting, tx, p.reportId, { kind: 'forward', ...p });
  }
}
