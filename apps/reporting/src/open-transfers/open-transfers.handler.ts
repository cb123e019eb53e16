import { Inject } from '@nestjs/common';
import { ItemTransferredIn, optional, type EventData } from '@yuqing/contracts';
import { transferDecider, transferStreamId, type ReportingPolicy } from '@yuqing/reporting-domain';
import { InboxHandler, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';
import { REPORTING_POLICY } from '../reporting.tokens';

// 转办 (篇一 二(一)): ingestion records an item the 网信办 transferred down with a time limit (respondBy); reporting
// opens the receiving unit's duty to answer back (回告) by then, which the loop watcher reminds and records overdue.
// The receiving unit is the event's tenant (the unit ingestion recorded the item for). Deciding is idempotent (a
// transfer opens its duty once), so a redelivery opens nothing twice.

@InboxHandler({ purpose: 'open-transfers', events: [ItemTransferredIn] })
export class OpenTransfersHandler {
  constructor(@Inject(REPORTING_POLICY) private readonly policy: ReportingPolicy) {}

  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const e = event.data as EventData<typeof ItemTransferredIn>;
    await tx.decide(
      transferStreamId(e.itemId),
      transferDecider,
      {
        kind: 'receive',
        transferId: e.itemId,
        fromOrgUnitId: e.fromOrgUnitId,
        receivingOrgUnitId: event.orgUnit,
        transferReference: e.transferReference,
        title: e.title,
        ...optional('instructions', e.instructions),
        transferredAt: e.transferredAt,
        respondBy: e.respondBy,
        policy: this.policy,
      },
      tx.metadataFor(event),
    );
  }
}
