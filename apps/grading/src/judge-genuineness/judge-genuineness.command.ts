import { JudgeGenuineness } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class JudgeGenuinenessCommand extends DomainCommand<typeof JudgeGenuineness, DecisionResult>(
  JudgeGenuineness,
) {}
