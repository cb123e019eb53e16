import { ingestionStreams, ItemDismissed, ItemVerified } from '@yuqing/contracts';
import {
  decideVerification,
  evolveItem,
  initialItemState,
  type ItemState,
  type VerificationCommand,
} from '@yuqing/ingestion-domain';
import type { CommandTransaction } from '@yuqing/service-kit';

// What verifying and dismissing an item share: the item's unit and incident, and the decider on its stream.

/** Decides a verification or a dismissal on the item's stream; its new version. */
export async function judgeItem(
  tx: CommandTransaction,
  schema: string,
  itemId: string,
  command: VerificationCommand,
): Promise<{ version: number }> {
  const { rows } = await tx.client.query<{ org_unit: string; incident_id: string | null }>(
    `select org_unit, incident_id from ${schema}.items where item_id = $1`,
    [itemId],
  );
  const item = rows[0]!;
  const result = await tx.decide<VerificationCommand, ItemState>(
    ingestionStreams.item.id(itemId),
    {
      initialState: initialItemState,
      evolve: evolveItem,
      // The decider speaks domain; the contract checks the payload before anything is stored.
      decide: (c, state) =>
        decideVerification(c, state, itemId, item.incident_id ?? undefined).map((event) => ({
          ...event,
          data: (event.type === ItemVerified.type ? ItemVerified : ItemDismissed).parse(event.data),
        })),
    },
    command,
    { metadata: { orgUnit: item.org_unit } },
  );
  return { version: result.nextExpectedVersion };
}
