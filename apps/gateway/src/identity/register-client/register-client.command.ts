import { RegisterClient, type CommandPayload } from '@yuqing/contracts';
import { DomainCommand, type CommandContext } from '@yuqing/service-kit';

export interface RegisteredClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly grantId: string;
}

export class RegisterClientCommand extends DomainCommand<typeof RegisterClient, RegisteredClient>(
  RegisterClient,
) {
  constructor(
    payload: CommandPayload<typeof RegisterClient>,
    context: CommandContext,
    /** Only the demo loader chooses the secret (never HTTP); otherwise a random one is made and shown once. */
    readonly chosenSecret?: string,
  ) {
    super(payload, context);
  }
}
