import { DraftWording, type CommandPayload } from '@yuqing/contracts';
import type { Drafter } from '@yuqing/guidance-domain';
import { DomainCommand, type CommandContext } from '@yuqing/service-kit';

/** The wording and the version drafted; `streamVersion` is the If-Match of the incident's next command. */
export interface WordingAnswer {
  readonly incidentId: string;
  readonly wordingId: string;
  readonly version: number;
  readonly streamVersion: number;
}

/**
 * A draft, with who drafts: the domain checks the plan's drafter roles (三同步). A command the service sends itself
 * (demo loaders, seeds) drafts as `service`; the handler refuses that for any other caller.
 */
export class DraftWordingCommand extends DomainCommand<typeof DraftWording, WordingAnswer>(DraftWording) {
  constructor(
    payload: CommandPayload<typeof DraftWording>,
    context: CommandContext,
    readonly drafter: Drafter | 'service' = 'service',
  ) {
    super(payload, context);
  }
}
