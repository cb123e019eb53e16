import { AlreadyExistsError, OrgUnitCreated, type EventData, type NewEvent } from '@yuqing/contracts';
import type { Decider } from '@yuqing/event-store';

// An org unit of the tree: created once. Its stream is `identityStreams.orgUnit.id(path)`.

export interface OrgUnitState {
  readonly created: boolean;
}

export type OrgUnitCommand = { readonly kind: 'create'; readonly data: EventData<typeof OrgUnitCreated> };

export const orgUnitDecider: Decider<OrgUnitCommand, OrgUnitState> = {
  initialState: () => ({ created: false }),
  evolve: (state, event) => (event.type === OrgUnitCreated.type ? { created: true } : state),
  decide(command, state): readonly NewEvent[] {
    if (state.created)
      throw new AlreadyExistsError('org-unit-taken', `org unit ${command.data.orgUnit} already exists`);
    return [OrgUnitCreated.create(command.data)];
  },
};
