import { AppealFinding } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';

export class AppealFindingCommand extends DomainCommand<typeof AppealFinding, FindingAnswer>(AppealFinding) {}
