import { streamKind } from './stream-kind';

/** The streams of archive: `archive-case-<id>`. */
export const archiveStreams = {
  case: streamKind('archive', 'case'),
} as const;
