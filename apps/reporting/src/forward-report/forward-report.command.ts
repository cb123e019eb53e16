import { ForwardReport } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';

export class ForwardReportCommand extends DomainCommand<typeof ForwardReport, ReportOutcome>(ForwardReport) {}
