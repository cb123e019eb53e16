import { ReportHandlingResult } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';

export class ReportHandlingResultCommand extends DomainCommand<typeof ReportHandlingResult, ReportOutcome>(
  ReportHandlingResult,
) {}
