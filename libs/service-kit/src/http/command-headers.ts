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
