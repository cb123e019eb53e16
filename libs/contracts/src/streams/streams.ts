import { streamKind } from './stream-kind';

/** The streams of each context; every stream id in the platform is built here. */
export const ingestionStreams = {
  item: streamKind('ingestion', 'item'),
  incident: streamKind('ingestion', 'incident'),
  source: streamKind('ingestion', 'source'),
  rule: streamKind('ingestion', 'rule'),
  watchWindow: streamKind('ingestion', 'watch-window'),
} as const;

export const gradingStreams = {
  incident: streamKind('grading', 'incident'),
} as const;

export const reportingStreams = {
  incident: streamKind('reporting', 'incident'),
  notification: streamKind('reporting', 'notification'),
  /** A transferred item's answer back (转办回告), keyed by the item. */
  transfer: streamKind('reporting', 'transfer'),
  /** A unit's duty roster (值班表), keyed by the org unit. */
  dutyRoster: streamKind('reporting', 'duty-roster'),
  /** One duty alert (值班告警), keyed by the alert. */
  dutyAlert: streamKind('reporting', 'duty-alert'),
} as const;

export const identityStreams = {
  user: streamKind('identity', 'user'),
  orgUnit: streamKind('identity', 'orgunit'),
  client: streamKind('identity', 'client'),
} as const;
