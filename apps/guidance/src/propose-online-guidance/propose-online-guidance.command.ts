import { ProposeOnlineGuidance } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What proposing answers: the proposal's id and stream version. */
export interface ProposeOnlineGuidanceResult {
  readonly proposalId: string;
  readonly version: number;
}

export class ProposeOnlineGuidanceCommand extends DomainCommand<
  typeof ProposeOnlineGuidance,
  ProposeOnlineGuidanceResult
>(ProposeOnlineGuidance) {}
