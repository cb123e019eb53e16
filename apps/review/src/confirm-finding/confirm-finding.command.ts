import { ConfirmFinding } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';

export class ConfirmFindingCommand extends DomainCommand<typeof ConfirmFinding, FindingAnswer>(
  ConfirmFinding,
) {}
