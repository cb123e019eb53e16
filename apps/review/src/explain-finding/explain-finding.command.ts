import { ExplainFinding } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';

export class ExplainFindingCommand extends DomainCommand<typeof ExplainFinding, FindingAnswer>(
  ExplainFinding,
) {}
