import type { ProjectionDefinition } from '@yuqing/event-store';
import { notificationOutbox, type Channel } from '../notify/notification-outbox';
import { obligationsProjection } from './obligations/obligations.projection';
import { followUpsProjection } from './follow-ups/follow-ups.projection';
import { handlingSummariesProjection } from './handling-summaries/handling-summaries.projection';
import { transfersProjection } from './transfers/transfers.projection';
import { dutyProjection } from './duty/duty.projection';

/** The schema the service keeps its events and read models in unless configured otherwise. */
export const DEFAULT_SCHEMA = 'reporting';

/** Where the notification outbox sends, and its clock. */
export interface NotificationOutboxOptions {
  readonly channels: readonly Channel[];
  readonly addresses: { readonly email: readonly string[]; readonly sms: readonly string[] };
  readonly now: () => Date;
}

/** The reporting read models, then the notification outbox (a queue: never rebuilt, not verified). */
export function projections(
  schema: string,
  outbox: NotificationOutboxOptions = {
    channels: [],
    addresses: { email: [], sms: [] },
    now: () => new Date(),
  },
): ProjectionDefinition[] {
  return [
    obligationsProjection(schema),
    transfersProjection(schema),
    followUpsProjection(schema),
    handlingSummariesProjection(schema),
    dutyProjection(schema),
    notificationOutbox(schema, outbox.channels, outbox.addresses, outbox.now),
  ];
}
