import { Inject } from '@nestjs/common';
import { OrgUnitCreated, UserProfileChanged, UserRegistered, type EventData } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { InboxHandler, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';

/**
 * Identity's people and units, as documents name them: a row per registration or change of name or post, valid
 * from the time identity recorded it, so a bulletin signed before a promotion keeps the post its signer held.
 * Idempotent by event id (a redelivery adds nothing).
 */
@InboxHandler({ purpose: 'people', events: [UserRegistered, UserProfileChanged, OrgUnitCreated] })
export class PeopleHandler {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const s = this.store.schema;
    switch (event.type) {
      case UserRegistered.type: {
        const d = event.data as EventData<typeof UserRegistered>;
        await tx.client.query(
          `insert into ${s}.people (user_id, valid_from, display_name, post, org_unit, event_id, stream_position)
           values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
          [
            d.userId,
            event.time,
            d.displayName,
            d.post ?? null,
            d.orgUnit,
            event.eventId,
            event.streamPosition,
          ],
        );
        return;
      }
      case UserProfileChanged.type: {
        const d = event.data as EventData<typeof UserProfileChanged>;
        // The unit does not change with the name: it is carried over from the person's latest row.
        await tx.client.query(
          `insert into ${s}.people (user_id, valid_from, display_name, post, org_unit, event_id, stream_position)
           select $1, $2, $3, $4,
                  (select org_unit from ${s}.people where user_id = $1
                    order by valid_from desc, stream_position desc nulls last limit 1), $5, $6
           on conflict do nothing`,
          [d.userId, event.time, d.displayName, d.post ?? null, event.eventId, event.streamPosition],
        );
        return;
      }
      case OrgUnitCreated.type: {
        const d = event.data as EventData<typeof OrgUnitCreated>;
        await tx.client.query(
          `insert into ${s}.org_unit_names (org_unit, name) values ($1, $2) on conflict (org_unit) do nothing`,
          [d.orgUnit, d.name],
        );
        return;
      }
    }
  }
}
