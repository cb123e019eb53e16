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
} as const;

export const identityStreams = {
  user: streamKind('identity', 'user'),
  orgUnit: streamKind('identity', 'orgunit'),
  client: streamKind('identity', 'client'),
} as const;
