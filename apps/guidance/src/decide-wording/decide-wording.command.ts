import type { CommandContext } from '@yuqing/service-kit';
import { DecideWording, type CommandPayload } from '@yuqing/contracts';
import type { Approver } from '@yuqing/guidance-domain';
import { DomainCommand } from '@yuqing/service-kit';
import type { ResponseAnswer } from '../arrange-response/arrange-response.command';

/** A decision on a wording version, with who decides: the domain checks the grade's approver (第二十一条). */
export class DecideWordingCommand extends DomainCommand<typeof DecideWording, ResponseAnswer>(DecideWording) {
  constructor(
    payload: CommandPayload<typeof DecideWording>,
    context: CommandContext,
    readonly approver: Approver,
  ) {
    super(payload, context);
  }
}
