import type { ContextName } from '../topics';

/**
 * One kind of event stream: the id of a stream is `<context>-<aggregate>-<id>`. Stream ids are part of the public
 * contract (they are the CloudEvents `subject` and the Kafka key), so they are spelled in one place.
 */
export interface StreamKind {
  readonly prefix: string;
  /** The stream of one aggregate, e.g. `ingestion-item-<itemId>`. */
  id(of: string): string;
  /** The aggregate id in a stream id of this kind, or undefined for any other stream. */
  idOf(streamId: string): string | undefined;
}

export function streamKind(context: ContextName, aggregate: string): StreamKind {
  const prefix = `${context}-${aggregate}-`;
  return {
    prefix,
    id: (of) => `${prefix}${of}`,
    idOf: (streamId) => (streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined),
  };
}
