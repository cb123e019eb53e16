import { DecideRelease, type CommandPayload } from '@yuqing/contracts';
import type { Approver } from '@yuqing/guidance-domain';
import { DomainCommand, type CommandContext } from '@yuqing/service-kit';
import type { ReleaseAnswer } from '../prepare-release/prepare-release.command';

/** A decision on a release, with who decides: the domain checks the grade's approver (第二十一条). */
export class DecideReleaseCommand extends DomainCommand<typeof DecideRelease, ReleaseAnswer>(DecideRelease) {
  constructor(
    payload: CommandPayload<typeof DecideRelease>,
    context: CommandContext,
    readonly approver: Approver,
  ) {
    super(payload, context);
  }
}
