import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { appendOnly, uuidv7, type Migration } from '@yuqing/event-store';

// Documents as immutable versions (issue 23): what a leader signs must be exactly what is later shown to be signed.
// A version is one document (its kind and subject, e.g. the bulletin) built from one model under one template; its
// renditions (PDF, DOCX, text) are rendered once and kept, so every later download of that version is the same
// bytes, and the SHA-256 of each names it. A change of data or template makes a new version; none is ever changed
// or removed (the tables refuse UPDATE, DELETE and TRUNCATE).

/** What a document is of: `kind` (e.g. `bulletin`), the subject's id, and the layout it is rendered with. */
export interface DocumentSubject {
  readonly kind: string;
  readonly subjectId: string;
  /** The template's version (e.g. `bulletin@1`): a new layout makes new versions of unchanged data. */
  readonly template: string;
}

/**
 * One figure or list a document states (`field`, e.g. `reportingDeadline`, `sources`), with its value and the events
 * it was read from: each cited event, the path in its data and the value found there. A list cites one event per
 * entry, in order; a single value cites the one event that states it.
 */
export interface SourcedFact {
  readonly field: string;
  readonly value: unknown;
  readonly from: readonly {
    readonly eventId: string;
    readonly type: string;
    readonly path: string;
    readonly value: unknown;
  }[];
}

/**
 * What the model was built from, for the auditor: the streams at their versions, the events it reads, and where
 * each of its figures comes from (its provenance).
 */
export interface BuiltFrom {
  readonly streams?: readonly { readonly streamId: string; readonly version: number }[];
  readonly events?: readonly string[];
  readonly facts?: readonly SourcedFact[];
}

export interface DocumentVersion extends DocumentSubject {
  readonly versionId: string;
  /** SHA-256 of the canonical JSON of the model: equal models are one version. */
  readonly modelSha256: string;
  readonly builtAt: Date;
  readonly builtFrom: BuiltFrom;
}

export interface Rendition {
  readonly versionId: string;
  /** `pdf`, `docx`, `text`, or a named form such as `text-short`. */
  readonly rendition: string;
  readonly sha256: string;
  readonly bytes: Buffer;
  readonly renderedAt: Date;
}

type Db = Pool | PoolClient;

export function documentVersionsMigration(schema: string, id: string): Migration {
  return {
    id,
    sql: `
create table ${schema}.document_versions (
  version_id text primary key,
  kind text not null,
  subject_id text not null,
  template text not null,
  model_sha256 text not null,
  model jsonb not null,
  built_from jsonb not null,
  built_at timestamptz not null,
  unique (kind, subject_id, template, model_sha256)
);
create index document_versions_subject on ${schema}.document_versions (kind, subject_id, built_at);
create table ${schema}.document_renditions (
  version_id text not null references ${schema}.document_versions (version_id),
  rendition text not null,
  sha256 text not null,
  bytes bytea not null,
  rendered_at timestamptz not null,
  primary key (version_id, rendition)
);
create index document_renditions_sha256 on ${schema}.document_renditions (sha256);
${appendOnly(schema, 'document_versions')}
${appendOnly(schema, 'document_renditions')}
`,
  };
}

/** JSON with object keys sorted and instants as ISO strings: equal models give equal text, whatever their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

export function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

interface VersionRow {
  version_id: string;
  kind: string;
  subject_id: string;
  template: string;
  model_sha256: string;
  built_from: BuiltFrom;
  built_at: Date;
}

function versionOf(row: VersionRow): DocumentVersion {
  return {
    versionId: row.version_id,
    kind: row.kind,
    subjectId: row.subject_id,
    template: row.template,
    modelSha256: row.model_sha256,
    builtFrom: row.built_from,
    builtAt: row.built_at,
  };
}

const VERSION_COLUMNS = 'version_id, kind, subject_id, template, model_sha256, built_from, built_at';

/** The versions and renditions of a service's documents, in its schema. */
export class DocumentVersions {
  constructor(
    private readonly db: Db,
    readonly schema: string,
  ) {}

  /**
   * The version of `model`: the one kept when this model was seen before under this template, else a new one. Two
   * requests at once agree on one (the unique key decides; the loser reads the winner's).
   */
  async versionOf(
    subject: DocumentSubject,
    model: unknown,
    builtFrom: BuiltFrom,
    now: Date,
  ): Promise<DocumentVersion> {
    const json = canonicalJson(model);
    const modelSha256 = sha256Hex(json);
    const key = [subject.kind, subject.subjectId, subject.template, modelSha256];
    const existing = await this.find(key);
    if (existing) return existing;
    await this.db.query(
      `insert into ${this.schema}.document_versions
         (version_id, kind, subject_id, template, model_sha256, model, built_from, built_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) on conflict do nothing`,
      [uuidv7(), ...key, json, JSON.stringify(builtFrom), now],
    );
    const kept = await this.find(key);
    if (!kept) throw new Error(`document version of ${subject.kind} ${subject.subjectId} was not kept`);
    return kept;
  }

  private async find(key: readonly string[]): Promise<DocumentVersion | undefined> {
    const { rows } = await this.db.query<VersionRow>(
      `select ${VERSION_COLUMNS} from ${this.schema}.document_versions
        where kind = $1 and subject_id = $2 and template = $3 and model_sha256 = $4`,
      [...key],
    );
    return rows[0] ? versionOf(rows[0]) : undefined;
  }

  /** A rendition of a version: the kept bytes, or rendered now and kept (the first one kept wins a race). */
  async rendition(
    version: DocumentVersion,
    rendition: string,
    render: () => Promise<Buffer | string>,
    now: Date,
  ): Promise<Rendition> {
    const kept = await this.keptRendition(version.versionId, rendition);
    if (kept) return kept;
    const content = await render();
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await this.db.query(
      `insert into ${this.schema}.document_renditions (version_id, rendition, sha256, bytes, rendered_at)
       values ($1, $2, $3, $4, $5) on conflict do nothing`,
      [version.versionId, rendition, sha256Hex(bytes), bytes, now],
    );
    const stored = await this.keptRendition(version.versionId, rendition);
    if (!stored) throw new Error(`rendition ${rendition} of ${version.versionId} was not kept`);
    return stored;
  }

  private async keptRendition(versionId: string, rendition: string): Promise<Rendition | undefined> {
    const { rows } = await this.db.query<{ sha256: string; bytes: Buffer; rendered_at: Date }>(
      `select sha256, bytes, rendered_at from ${this.schema}.document_renditions
        where version_id = $1 and rendition = $2`,
      [versionId, rendition],
    );
    const row = rows[0];
    return row
      ? { versionId, rendition, sha256: row.sha256, bytes: row.bytes, renderedAt: row.rendered_at }
      : undefined;
  }

  /** One version of a subject; undefined when the subject has no such version. */
  async version(kind: string, subjectId: string, versionId: string): Promise<DocumentVersion | undefined> {
    const { rows } = await this.db.query<VersionRow>(
      `select ${VERSION_COLUMNS} from ${this.schema}.document_versions
        where kind = $1 and subject_id = $2 and version_id = $3`,
      [kind, subjectId, versionId],
    );
    return rows[0] ? versionOf(rows[0]) : undefined;
  }

  /** Every version of a subject, oldest first, with the SHA-256 of each rendition kept. */
  async history(
    kind: string,
    subjectId: string,
  ): Promise<(DocumentVersion & { renditions: { rendition: string; sha256: string }[] })[]> {
    const { rows } = await this.db.query<
      VersionRow & { renditions: { rendition: string; sha256: string }[] | null }
    >(
      `select ${VERSION_COLUMNS.split(', ')
        .map((c) => `v.${c}`)
        .join(', ')},
              (select json_agg(json_build_object('rendition', r.rendition, 'sha256', r.sha256) order by r.rendition)
                 from ${this.schema}.document_renditions r where r.version_id = v.version_id) as renditions
         from ${this.schema}.document_versions v
        where v.kind = $1 and v.subject_id = $2 order by v.built_at, v.version_id`,
      [kind, subjectId],
    );
    return rows.map((row) => ({ ...versionOf(row), renditions: row.renditions ?? [] }));
  }
}
