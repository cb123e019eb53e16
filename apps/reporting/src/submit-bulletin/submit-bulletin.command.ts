import { SubmitBulletin } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { ReportOutcome } from '../incidents/report-on-incident';

export class SubmitBulletinCommand extends DomainCommand<typeof SubmitBulletin, ReportOutcome>(
  SubmitBulletin,
) {}
