import { streamKind } from './stream-kind';

/** The streams of guidance: `guidance-response-<id>`. */
export const guidanceStreams = {
  response: streamKind('guidance', 'response'),
  /** One official account of a unit, with what was detected as published from it unapproved. */
  account: streamKind('guidance', 'account'),
  /** One written request (书面报告), filed to decided to its outcome. */
  request: streamKind('guidance', 'request'),
  /** One online guidance proposal (引导口径) with its commentators' tasks. */
  online: streamKind('guidance', 'online'),
} as const;
