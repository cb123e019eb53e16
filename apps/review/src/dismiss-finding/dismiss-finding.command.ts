import { DismissFinding } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';

export class DismissFindingCommand extends DomainCommand<typeof DismissFinding, FindingAnswer>(
  DismissFinding,
) {}
