import type { Pool } from 'pg';
import { PostgresEventStore } from '@yuqing/event-store';
import { canonicalJson, sha256Hex } from '@yuqing/service-kit';

// `audit:verify -- <schema> --document <file>`: is the PDF, DOCX or text someone holds exactly a document version
// that was signed, by whom and when? The file's SHA-256 is looked up among the renditions the service kept; the
// version it belongs to must be named, with that very hash, by a signing event (BulletinSignedOff.document) whose
// stream's hash chain holds. Any other bytes fail: changed by one byte, never issued, or a version nobody signed.

export interface DocumentVerdict {
  readonly ok: boolean;
  readonly sha256: string;
  /** signed: the bytes of a signed version; unsigned-version: issued here, but not the version signed; unknown. */
  readonly verdict: 'signed' | 'unsigned-version' | 'unknown';
  readonly reason: string;
  readonly document?: {
    readonly kind: string;
    readonly subjectId: string;
    readonly versionId: string;
    readonly rendition: string;
    readonly template: string;
    readonly builtAt: string;
    readonly builtFrom: unknown;
  };
  readonly signature?: {
    readonly eventType: string;
    readonly eventId: string;
    readonly streamId: string;
    readonly streamPosition: number;
    readonly globalPosition: string;
    readonly signedAt: string;
    readonly recordedAt: string;
    readonly signerAccount: string;
    readonly signer?: { readonly name: string; readonly post?: string };
    readonly signerOrgUnit?: string;
    readonly chain: 'holds';
  };
  /** For an unsigned version of a signed document: the version that was signed. */
  readonly signedVersionId?: string;
}

interface RenditionRow {
  version_id: string;
  rendition: string;
  kind: string;
  subject_id: string;
  template: string;
  model_sha256: string;
  model: unknown;
  built_from: unknown;
  built_at: Date;
}

interface SigningRow {
  event_id: string;
  event_type: string;
  stream_id: string;
  stream_position: string;
  global_position: string;
  recorded_at: Date;
  data: {
    signedOffAt?: string;
    signerOrgUnitId?: string;
    bulletinId?: string;
    document?: { versionId: string; renditions: { rendition: string; sha256: string }[] };
  };
  metadata: { actor?: { id?: string } };
}

function documentOf(row: RenditionRow): NonNullable<DocumentVerdict['document']> {
  return {
    kind: row.kind,
    subjectId: row.subject_id,
    versionId: row.version_id,
    rendition: row.rendition,
    template: row.template,
    builtAt: row.built_at.toISOString(),
    builtFrom: row.built_from,
  };
}

export async function verifyDocument(pool: Pool, schema: string, bytes: Buffer): Promise<DocumentVerdict> {
  const sha256 = sha256Hex(bytes);
  const { rows } = await pool.query<RenditionRow>(
    `select r.version_id, r.rendition, v.kind, v.subject_id, v.template, v.model_sha256, v.model, v.built_from, v.built_at
       from ${schema}.document_renditions r join ${schema}.document_versions v using (version_id)
      where r.sha256 = $1 order by v.built_at`,
    [sha256],
  );
  const found = rows[0];
  if (!found) {
    return {
      ok: false,
      sha256,
      verdict: 'unknown',
      reason: 'no document this service issued has these bytes: the file was changed, or never issued here',
    };
  }
  // Two versions may render to the same bytes (data the document does not print): the file is signed when any
  // version it is was signed with this hash.
  const store = new PostgresEventStore({ pool, schema });
  for (const row of rows) {
    if (sha256Hex(canonicalJson(row.model)) !== row.model_sha256) {
      return {
        ok: false,
        sha256,
        verdict: 'unknown',
        reason: `version ${row.version_id}: its kept model no longer matches its hash`,
        document: documentOf(row),
      };
    }
    const signing = await pool.query<SigningRow>(
      `select event_id::text, event_type, stream_id, stream_position::text, global_position::text, recorded_at, data,
              metadata
         from ${schema}.events where data->'document'->>'versionId' = $1 order by global_position`,
      [row.version_id],
    );
    for (const event of signing.rows) {
      const named = event.data.document?.renditions.some(
        (r) => r.rendition === row.rendition && r.sha256 === sha256,
      );
      if (!named) continue;
      const chain = await store.verifyStream(event.stream_id);
      if (!chain.ok) {
        return {
          ok: false,
          sha256,
          verdict: 'unknown',
          reason: `the signing event's stream ${event.stream_id} does not verify: ${JSON.stringify(chain)}`,
          document: documentOf(row),
        };
      }
      const account = event.metadata.actor?.id ?? 'unknown';
      const signedAt = event.data.signedOffAt ?? event.recorded_at.toISOString();
      const signer = await personAt(pool, schema, account, signedAt);
      return {
        ok: true,
        sha256,
        verdict: 'signed',
        reason: `the ${row.rendition} of version ${row.version_id} of ${row.kind} ${row.subject_id}, as signed`,
        document: documentOf(row),
        signature: {
          eventType: event.event_type,
          eventId: event.event_id,
          streamId: event.stream_id,
          streamPosition: Number(event.stream_position),
          globalPosition: event.global_position,
          signedAt,
          recordedAt: event.recorded_at.toISOString(),
          signerAccount: account,
          ...(signer ? { signer } : {}),
          ...(event.data.signerOrgUnitId ? { signerOrgUnit: event.data.signerOrgUnitId } : {}),
          chain: 'holds',
        },
      };
    }
  }
  const document = documentOf(found);
  const signedVersion = await pool.query<{ version: string }>(
    `select data->'document'->>'versionId' as version from ${schema}.events
      where data->>'bulletinId' = $1 and data->'document'->>'versionId' is not null order by global_position limit 1`,
    [found.subject_id],
  );
  const other = signedVersion.rows[0]?.version;
  return {
    ok: false,
    sha256,
    verdict: 'unsigned-version',
    reason: other
      ? `issued here as version ${found.version_id} of ${found.kind} ${found.subject_id}, but the version signed is ${other}`
      : `issued here as version ${found.version_id} of ${found.kind} ${found.subject_id}, which nobody signed`,
    document,
    ...(other ? { signedVersionId: other } : {}),
  };
}

/** The signer as the service knew them then (its `people` history), when it keeps one. */
async function personAt(
  pool: Pool,
  schema: string,
  account: string,
  at: string,
): Promise<{ name: string; post?: string } | undefined> {
  const exists = await pool.query(`select to_regclass($1) as t`, [`${schema}.people`]);
  if (!(exists.rows[0] as { t: string | null }).t) return undefined;
  const { rows } = await pool.query<{ name: string; post: string | null }>(
    // As the documents name them (apps/reporting/src/read-models/people/people.ts): the row in force then, else
    // the first one, for an act recorded a moment before identity recorded the registration.
    `select display_name as name, post from ${schema}.people where user_id = $1
      order by (valid_from <= $2) desc,
               case when valid_from <= $2 then valid_from end desc,
               case when valid_from <= $2 then stream_position end desc nulls last,
               valid_from, stream_position
      limit 1`,
    [account, at],
  );
  const row = rows[0];
  return row ? { name: row.name, ...(row.post ? { post: row.post } : {}) } : undefined;
}
