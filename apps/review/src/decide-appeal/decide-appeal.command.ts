import { DecideAppeal } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';

export class DecideAppealCommand extends DomainCommand<typeof DecideAppeal, FindingAnswer>(DecideAppeal) {}
