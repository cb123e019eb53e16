/** The stream was not at the version the writer expected: someone else appended first. Maps to HTTP 409. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion?: number,
  ) {
    super(
      actualVersion === undefined
        ? `stream ${streamId} moved past version ${String(expectedVersion)} while appending`
        : `stream ${streamId} is at version ${actualVersion}, expected ${String(expectedVersion)}`,
    );
    this.name = 'ConcurrencyError';
  }
}

/** An event with this id is already stored: a retried append, answered without writing twice. */
export class DuplicateEventError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already stored`);
    this.name = 'DuplicateEventError';
  }
}

/**
 * What the writer believes the stream's version is: a number (the last position it saw, 0 for a new
 * stream), 'no_stream' (must not exist yet), or 'any' (no check: for streams with a single writer).
 */
export type ExpectedVersion = number | 'no_stream' | 'any';
