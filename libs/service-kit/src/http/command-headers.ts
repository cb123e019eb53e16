import { BadRequestException } from '@nestjs/common';

// The headers a write may carry, read one way everywhere: a bad one is a 400 naming the header.

/** A 400 whose field path names the header at fault. */
export function invalidHeader(header: string, message: string): BadRequestException {
  return new BadRequestException({
    message: 'the request is not valid',
    errors: [{ path: `headers.${header}`, message }],
  });
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** `Idempotency-Key`: 1–200 printable ASCII characters, or absent. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header))
    throw invalidHeader('idempotency-key', 'must be 1–200 printable ASCII characters');
  return header;
}

/** `If-Match: "7"` (or 7, or W/"7"): the stream version the caller decided on, or absent. */
export function expectedVersionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!match) throw invalidHeader('if-match', 'must be the incident version, e.g. "7"');
  return Number(match[1]);
}

const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;

/** The retry and tracing headers of a command request, read the one way (a bad key or version is a 400). */
export function commandHeadersOf(headers: Readonly<Record<string, string | string[] | undefined>>): {
  readonly idempotencyKey?: string;
  readonly expectedVersion?: number;
  /** X-Correlation-Id when valid (1–200 printable ASCII); absent otherwise, and the caller makes one. */
  readonly correlationId?: string;
} {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const idempotencyKey = idempotencyKeyOf(one('idempotency-key'));
  const expectedVersion = expectedVersionOf(one('if-match'));
  const correlationId = one('x-correlation-id');
  return {
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    ...(correlationId !== undefined && CORRELATION_ID.test(correlationId) ? { correlationId } : {}),
  };
}

/** A key sent to a command that takes none. */
export function unexpectedIdempotencyKey(): BadRequestException {
  return invalidHeader('idempotency-key', 'this request takes no Idempotency-Key');
}
