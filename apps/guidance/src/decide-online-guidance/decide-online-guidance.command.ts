import { DecideOnlineGuidance } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What a decision answers: the stream version, and the tasks it assigned (one per commentator). */
export interface DecideOnlineGuidanceResult {
  readonly proposalId: string;
  readonly version: number;
  readonly tasks: readonly {
    readonly taskId: string;
    readonly commentatorId: string;
    readonly dueAt: string;
  }[];
}

export class DecideOnlineGuidanceCommand extends DomainCommand<
  typeof DecideOnlineGuidance,
  DecideOnlineGuidanceResult
>(DecideOnlineGuidance) {}
