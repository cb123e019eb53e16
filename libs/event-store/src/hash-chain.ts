import { createHash } from 'node:crypto';

export const GENESIS_HASH = Buffer.alloc(32);

/** The fields of a stored event that its hash covers, in their stored text forms. */
export interface CanonicalFields {
  eventId: string;
  streamId: string;
  streamPosition: string;
  eventType: string;
  schemaVersion: string;
  dataText: string;
  metadataText: string;
  recordedAtMicros: string;
}

/** Each field prefixed by its UTF-8 byte length and a colon: unambiguous, and the same rule as the database's. */
export function canonicalBytes(fields: CanonicalFields): Buffer {
  const parts = [
    fields.eventId,
    fields.streamId,
    fields.streamPosition,
    fields.eventType,
    fields.schemaVersion,
    fields.dataText,
    fields.metadataText,
    fields.recordedAtMicros,
  ];
  return Buffer.from(parts.map((part) => `${Buffer.byteLength(part, 'utf8')}:${part}`).join(''), 'utf8');
}

export function chainHash(prevHash: Buffer, fields: CanonicalFields): Buffer {
  return createHash('sha256').update(prevHash).update(canonicalBytes(fields)).digest();
}

/** One stored event as its hash covers it, with its chain links (hex): what an offline verifier needs. */
export interface CanonicalEvent extends CanonicalFields {
  prevHash: string;
  hash: string;
}
