import {
  AlreadyExistsError,
  ClientRegistered,
  GrantRevoked,
  NotFoundError,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import type { Decider } from '@yuqing/event-store';

// A machine client (接入方): registered once with its one integrator grant, which may be revoked.
// Its stream is `identityStreams.client.id(clientId)`.

export interface ClientState {
  readonly registered: boolean;
  readonly revoked: ReadonlySet<string>;
}

export type ClientCommand =
  | { readonly kind: 'register'; readonly data: EventData<typeof ClientRegistered> }
  | { readonly kind: 'revoke'; readonly data: EventData<typeof GrantRevoked> };

export const clientDecider: Decider<ClientCommand, ClientState> = {
  initialState: () => ({ registered: false, revoked: new Set() }),
  evolve(state, event) {
    if (event.type === ClientRegistered.type) return { ...state, registered: true };
    if (event.type === GrantRevoked.type) {
      const { grantId } = event.data as EventData<typeof GrantRevoked>;
      return { ...state, revoked: new Set([...state.revoked, grantId]) };
    }
    return state;
  },
  decide(command, state): readonly NewEvent[] {
    if (command.kind === 'register') {
      if (state.registered)
        throw new AlreadyExistsError('client-taken', `client ${command.data.clientId} already exists`);
      return [ClientRegistered.create(command.data)];
    }
    if (!state.registered) throw new NotFoundError('the client is not registered');
    // Revoking twice is a no-op, as for a user's grant.
    return state.revoked.has(command.data.grantId) ? [] : [GrantRevoked.create(command.data)];
  },
};
