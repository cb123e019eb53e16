import { streamKind } from './stream-kind';

/** The streams of guidance: `guidance-response-<id>`. */
export const guidanceStreams = {
  response: streamKind('guidance', 'response'),
} as const;
