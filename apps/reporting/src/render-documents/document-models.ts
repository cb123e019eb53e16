import { Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import {
  reportingStreams,
  type Category,
  type Figure,
  type Grade,
  type Platform,
  type ReportKind,
} from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import {
  DIGEST_LIMITS,
  type BulletinDocument,
  type Digest,
  type FlashReport,
  type Person,
  type ReportSource,
} from '@yuqing/reporting-documents';
import type { BulletinSections } from '@yuqing/reporting-domain';
import { PG_POOL, ReadModel, type BuiltFrom, type SourcedFact } from '@yuqing/service-kit';
import type { ReportingConfig } from '../reporting.config';
import { personAsOf } from '../read-models/people/people';
import { assertSourced, cite, type LoggedEvent } from './provenance';
import { REPORTING_CONFIG } from '../reporting.tokens';
import { beijingYear } from '../shared/beijing-time';

// The documents' input models, built from the read models: a bulletin with its obligation (deadline, recipient)
// and sign-off; a flash report from its obligation and the incident's facts; a digest of a period in a scope.
// Rendering (and cleaning hostile text) is the documents library's; this only gathers what it shows.

/** Fills a blank in the 版记 by hand, as on paper. */
const BLANK = '＿＿＿＿';
/** Flash report kinds (快报): what the flash-report documents are for. */
const FLASH_KINDS: readonly ReportKind[] = [
  'phone-flash',
  'paper-flash',
  'top-level-report',
  'provincial-report',
];

interface BulletinRow {
  bulletinId: string;
  obligationId: string;
  incidentId: string;
  orgUnit: string;
  issueNumber: string | null;
  title: string;
  body: string;
  submittedAt: Date;
  status: string;
  instructions: string | null;
  signedOffAt: Date | null;
  submittedBy: string | null;
  signedOffBy: string | null;
  sections: (BulletinSections & { figures?: Figure[] }) | null;
  dueAt: Date;
  recipient: string;
  grade: Grade | null;
  categories: Category[] | null;
  categoriesEventId: string | null;
}

interface ItemRow {
  capturedEventId: string | null;
  outlet: string | null;
  platform: Platform | null;
  url: string | null;
  publishedAt: Date | null;
  title: string | null;
  capturedAt: Date | null;
}

/** The documents' queries on the reporting read models and incident facts. */
@Injectable()
export class DocumentsReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool | PoolClient,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {
    super(db, runner);
  }

  /** The name an org unit goes by in documents (REPORTING_OFFICE_NAMES), else its id. */
  nameOf(orgUnit: string): string {
    return this.config.REPORTING_OFFICE_NAMES[orgUnit] ?? orgUnit;
  }

  /** Who an account was at a moment, by name, post and unit (never the account id); undefined when unknown. */
  private async person(userId: string | null, at: Date | null, within?: string): Promise<Person | undefined> {
    if (!userId || !at) return undefined;
    const unitName = (unit: string) => this.config.REPORTING_OFFICE_NAMES[unit];
    return personAsOf(this.db, this.schema, userId, at, unitName, within);
  }

  /** The document version the bulletin's sign-off signed, if it is signed and named one. */
  async signedVersion(bulletinId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ id: string | null }>(
      `select signed_version_id as id from ${this.schema}.bulletins where bulletin_id = $1`,
      [bulletinId],
    );
    return rows[0]?.id ?? undefined;
  }

  /** The 《网上舆情》 bulletin as a document; a 404 for an unknown one. */
  async bulletin(
    bulletinId: string,
  ): Promise<{ model: BulletinDocument; title: string; builtFrom: BuiltFrom }> {
    const s = this.schema;
    const { rows } = await this.db.query<BulletinRow>(
      `select b.bulletin_id as "bulletinId", b.obligation_id as "obligationId", b.incident_id as "incidentId",
              b.org_unit as "orgUnit",
              b.issue_number as "issueNumber", b.title, b.body, b.submitted_at as "submittedAt", b.status,
              b.instructions, b.signed_off_at as "signedOffAt", b.submitted_by as "submittedBy",
              b.signed_off_by as "signedOffBy", b.sections, o.due_at as "dueAt", o.recipient, o.grade,
              f.categories, f.categories_event_id as "categoriesEventId"
         from ${s}.bulletins b join ${s}.obligations o using (obligation_id)
         left join ${s}.incident_facts f on f.incident_id = b.incident_id
        where b.bulletin_id = $1`,
      [bulletinId],
    );
    const b = rows[0];
    if (!b) throw new NotFoundException(`bulletin ${bulletinId} not found`);
    const sections = b.sections ?? {};
    const items = sections.sources ? [] : await this.items(b.incidentId, 20);
    const sources: ReportSource[] = sections.sources
      ? sections.sources.map((source) => ({
          outlet: source.outlet,
          platform: source.platform ?? 'other',
          ...(source.url ? { url: source.url } : {}),
          ...(source.publishedAt ? { publishedAt: source.publishedAt } : {}),
        }))
      : items.flatMap(sourceOf);
    // One query at a time: a sign-off reads this on its transaction's one connection.
    const leader = await this.person(b.signedOffBy, b.signedOffAt);
    const submitter = await this.person(b.submittedBy, b.submittedAt);
    const { stream, events } = await this.incidentStream(b.incidentId);
    // The events the bulletin is read from: its obligation's, its submission, its sign-off.
    const logged = events.filter((e) =>
      OBLIGATION_EVENTS.includes(e.type)
        ? e.data['obligationId'] === b.obligationId
        : BULLETIN_EVENTS.includes(e.type) && e.data['bulletinId'] === bulletinId,
    );
    const model: BulletinDocument = {
      issueNumber: b.issueNumber ?? `〔${beijingYear(b.submittedAt)}〕未编号`,
      issuingOffice: this.nameOf(b.orgUnit),
      issuedAt: b.submittedAt,
      title: b.title,
      incidentId: b.incidentId,
      // A bulletin obligation always has the grade that opened it; 二级 is what asks for a bulletin.
      grade: b.grade ?? { level: 'level-2', exceptional: false },
      // Grading's categorisation (IncidentCategorised), as received; 未分类 until it comes.
      categories: b.categories ?? [],
      sources,
      // Bulletins from before the sections were added: the body stands as the summary.
      summary: sections.summary ?? b.body,
      ...(sections.figures ? { figures: sections.figures } : {}),
      assessment: sections.assessment ?? '见舆情摘要。',
      suggestions: sections.suggestions ?? [],
      reportingDeadline: b.dueAt,
      recipient: this.nameOf(b.recipient),
      signOff:
        b.status === 'signed-off' && b.instructions && b.signedOffAt
          ? {
              status: 'signed',
              // The account that recorded the sign-off, as identity named it then; a blank to fill by hand when
              // identity never said who that was (never an account id).
              leader: leader ?? { name: BLANK },
              instructions: b.instructions,
              signedAt: b.signedOffAt,
            }
          : { status: 'awaiting' },
      staff: {
        editor: sections.staff?.editor ?? submitter?.name ?? BLANK,
        reviewer: sections.staff?.reviewer ?? BLANK,
        issuer: sections.staff?.issuer ?? BLANK,
      },
    };
    const facts = bulletinFacts(model, b, items, logged);
    assertSourced('bulletin', facts);
    return {
      model,
      title: b.title,
      builtFrom: { ...builtFrom(stream, items, [b.categoriesEventId]), facts },
    };
  }

  /** The flash report (快报) of a flash obligation; 404 for an unknown one, 422 for another kind of report. */
  async flashReport(
    obligationId: string,
  ): Promise<{ model: FlashReport; title: string; builtFrom: BuiltFrom }> {
    const s = this.schema;
    const { rows } = await this.db.query<{
      incidentId: string;
      orgUnit: string;
      kind: ReportKind;
      grade: Grade | null;
      recipient: string;
      clockStartedAt: Date;
      dueAt: Date;
      title: string | null;
      heatIndex: number | null;
      summary: string | null;
      sentAt: Date | null;
      sentBy: string | null;
      receivedBy: string | null;
    }>(
      `select o.incident_id as "incidentId", o.org_unit as "orgUnit", o.kind, o.grade, o.recipient,
              o.clock_started_at as "clockStartedAt", o.due_at as "dueAt", f.title, f.heat_index as "heatIndex",
              r.summary, r.sent_at as "sentAt", r.sent_by as "sentBy", r.recipient_user_id as "receivedBy"
         from ${s}.obligations o
         left join ${s}.incident_facts f using (incident_id)
         left join ${s}.reports r on r.report_id = o.report_id
        where o.obligation_id = $1`,
      [obligationId],
    );
    const o = rows[0];
    if (!o) throw new NotFoundException(`obligation ${obligationId} not found`);
    if (!FLASH_KINDS.includes(o.kind)) {
      throw new UnprocessableEntityException({
        message: `obligation ${obligationId} asks for a ${o.kind}, not a flash report`,
        rule: 'reporting.not-a-flash-obligation',
      });
    }
    const [items, sentBy, receivedBy, { stream }] = await Promise.all([
      this.items(o.incidentId, 1),
      this.person(o.sentBy, o.sentAt),
      // The person reached is named only if they belong where the report went: the id is the sender's to type.
      this.person(o.receivedBy, o.sentAt, o.recipient),
      this.incidentStream(o.incidentId),
    ]);
    const first = items[0];
    const title = o.title ?? first?.title ?? o.incidentId;
    const model: FlashReport = {
      incidentId: o.incidentId,
      title,
      ...(o.grade ? { grade: o.grade } : {}),
      reportingOffice: this.nameOf(o.orgUnit),
      recipient: this.nameOf(o.recipient),
      occurredAt: o.clockStartedAt,
      location: this.nameOf(o.orgUnit),
      // What was reported, once it was; until then the incident as captured, for the duty officer to complete.
      whatHappened: o.summary ?? title,
      source: (first && sourceOf(first)[0]) ?? { outlet: '未知来源', platform: 'other' },
      ...(o.heatIndex !== null ? { spread: { description: `热度指数 ${Math.round(o.heatIndex)}` } } : {}),
      measures: [],
      dueAt: o.dueAt,
      ...(o.sentAt ? { sentAt: o.sentAt } : {}),
      ...(sentBy ? { sentBy } : {}),
      ...(receivedBy ? { receivedBy } : {}),
    };
    return { model, title, builtFrom: builtFrom(stream, items) };
  }

  /**
   * The digest of [from, to) in a scope: incidents detected in the period or carried over with obligations still
   * in play, and those obligations (the library counts them as of the period's end).
   */
  async digest(
    scope: readonly string[],
    kind: 'daily' | 'weekly',
    period: { from: Date; to: Date },
    issuingOffice: string,
    issuedAt: Date,
  ): Promise<Digest> {
    const s = this.schema;
    const obligationScope = scopeCondition(scope, { column: 'o.org_unit' });
    // In play in the period: opened before its end, and neither met nor withdrawn before its start.
    const inPlay = `${obligationScope.sql} and o.opened_at < $4
      and (o.fulfilled_at is null or o.fulfilled_at >= $3) and (o.cancelled_at is null or o.cancelled_at >= $3)`;
    const [obligations, incidents] = await Promise.all([
      this.db.query<{
        obligationId: string;
        incidentId: string;
        incidentTitle: string | null;
        kind: ReportKind;
        dueAt: Date;
        fulfilledAt: Date | null;
        cancelledAt: Date | null;
      }>(
        `select o.obligation_id as "obligationId", o.incident_id as "incidentId", f.title as "incidentTitle", o.kind,
                o.due_at as "dueAt", o.fulfilled_at as "fulfilledAt", o.cancelled_at as "cancelledAt"
           from ${s}.obligations o left join ${s}.incident_facts f using (incident_id)
          where ${inPlay} order by o.due_at limit $5`,
        [...obligationScope.params, period.from, period.to, DIGEST_LIMITS.obligations],
      ),
      this.db.query<{
        incidentId: string;
        title: string | null;
        grade: Grade | null;
        categories: Category[] | null;
        detectedAt: Date;
      }>(
        `select f.incident_id as "incidentId", f.title, f.grade, f.categories, f.first_captured_at as "detectedAt"
           from ${s}.incident_facts f
          where ${scopeCondition(scope, { column: 'f.org_unit' }).sql} and f.first_captured_at < $4
            and (f.first_captured_at >= $3
                 or exists (select 1 from ${s}.obligations o where o.incident_id = f.incident_id and ${inPlay}))
          order by f.first_captured_at limit $5`,
        [...obligationScope.params, period.from, period.to, DIGEST_LIMITS.incidents],
      ),
    ]);
    return {
      kind,
      period,
      issuingOffice,
      issuedAt,
      incidents: incidents.rows.map((i) => ({
        incidentId: i.incidentId,
        title: i.title ?? i.incidentId,
        ...(i.grade ? { grade: i.grade } : {}),
        categories: i.categories ?? [],
        detectedAt: i.detectedAt,
      })),
      obligations: obligations.rows.map((o) => ({
        obligationId: o.obligationId,
        incidentId: o.incidentId,
        ...(o.incidentTitle ? { incidentTitle: o.incidentTitle } : {}),
        kind: o.kind,
        dueAt: o.dueAt,
        ...(o.fulfilledAt ? { fulfilledAt: o.fulfilledAt } : {}),
        ...(o.cancelledAt ? { cancelledAt: o.cancelledAt } : {}),
      })),
    };
  }

  /** The incident's reporting stream, as the event store reads it: its events and the version they reach. */
  private async incidentStream(
    incidentId: string,
  ): Promise<{ stream: { streamId: string; version: number }; events: readonly LoggedEvent[] }> {
    const streamId = reportingStreams.incident.id(incidentId);
    const events = await this.store.readStream(streamId);
    return {
      stream: { streamId, version: events.at(-1)?.streamPosition ?? 0 },
      events: events.map(({ eventId, type, data }) => ({
        eventId,
        type,
        data: data as Record<string, unknown>,
      })),
    };
  }

  /** The incident's captured items, first published (or captured) first. */
  private async items(incidentId: string, limit: number): Promise<ItemRow[]> {
    const { rows } = await this.db.query<ItemRow>(
      `select captured_event_id as "capturedEventId", outlet, platform, url, published_at as "publishedAt", title,
              captured_at as "capturedAt"
         from ${this.schema}.incident_items where incident_id = $1
        order by coalesce(published_at, captured_at), item_id limit $2`,
      [incidentId, limit],
    );
    return rows;
  }
}

/**
 * Where each figure of a bulletin comes from: the grade and deadline of its obligation (the latest event stating the
 * grade), grading's categories, each source (the office's, as submitted, or each capture's), the figures the office
 * stated, and the sign-off.
 */
function bulletinFacts(
  model: BulletinDocument,
  b: BulletinRow,
  items: readonly ItemRow[],
  logged: readonly LoggedEvent[],
): SourcedFact[] {
  const graded = logged
    .filter((e) => e.data['obligationId'] === b.obligationId && e.data['grade'] !== undefined)
    .at(-1);
  const opened = logged.find((e) => e.type === 'reporting.ReportingObligationOpened');
  const submitted = logged.find((e) => e.type === 'reporting.BulletinSubmitted');
  const signed = logged.find((e) => e.type === 'reporting.BulletinSignedOff');
  const facts: SourcedFact[] = [
    { field: 'grade', value: model.grade, from: graded ? [cite(graded, 'grade')] : [] },
    { field: 'reportingDeadline', value: b.dueAt.toISOString(), from: opened ? [cite(opened, 'dueAt')] : [] },
    {
      field: 'categories',
      value: model.categories,
      from: b.categoriesEventId
        ? [
            {
              eventId: b.categoriesEventId,
              type: 'grading.IncidentCategorised',
              path: 'categories',
              value: b.categories,
            },
          ]
        : [],
    },
  ];
  if (b.sections?.sources) {
    b.sections.sources.forEach((_, i) => {
      const entry = model.sources[i]!;
      facts.push({
        field: `sources.${i}`,
        value: entry,
        from: submitted
          ? SOURCE_FIELDS.map((f) => cite(submitted, `sources.${i}.${f}`)).filter(
              (c) => c.value !== undefined,
            )
          : [],
      });
    });
  } else {
    items
      .filter((item) => item.outlet)
      .forEach((item, i) => {
        const capture: LoggedEvent = {
          eventId: item.capturedEventId ?? '',
          type: 'ingestion.ItemCaptured',
          data: {
            outlet: item.outlet,
            platform: item.platform,
            ...(item.url ? { url: item.url } : {}),
            ...(item.publishedAt ? { publishedAt: item.publishedAt.toISOString() } : {}),
          },
        };
        facts.push({
          field: `sources.${i}`,
          value: model.sources[i],
          from: item.capturedEventId
            ? SOURCE_FIELDS.map((f) => cite(capture, f)).filter((c) => c.value !== undefined)
            : [],
        });
      });
  }
  if (model.figures)
    facts.push({
      field: 'figures',
      value: model.figures,
      from: submitted ? [cite(submitted, 'figures')] : [],
    });
  if (model.signOff.status === 'signed') {
    facts.push(
      {
        field: 'signOff.signedAt',
        value: b.signedOffAt?.toISOString(),
        from: signed ? [cite(signed, 'signedOffAt')] : [],
      },
      {
        field: 'signOff.instructions',
        value: b.instructions,
        from: signed ? [cite(signed, 'instructions')] : [],
      },
    );
  }
  return facts;
}

const OBLIGATION_EVENTS = ['reporting.ReportingObligationOpened', 'reporting.ReportingObligationConfirmed'];
const BULLETIN_EVENTS = ['reporting.BulletinSubmitted', 'reporting.BulletinSignedOff'];

/** The parts of a source (信息来源) a document prints. */
const SOURCE_FIELDS = ['outlet', 'platform', 'url', 'publishedAt'] as const;

/** A document's sources for the auditor: the incident's reporting stream as it stood, and the captures it lists. */
function builtFrom(
  stream: { streamId: string; version: number },
  items: readonly ItemRow[],
  facts: readonly (string | null)[] = [],
): BuiltFrom {
  const events = [...facts, ...items.map((item) => item.capturedEventId)].filter(
    (id): id is string => id !== null,
  );
  return { streams: [stream], ...(events.length > 0 ? { events } : {}) };
}

function sourceOf(item: ItemRow): ReportSource[] {
  if (!item.outlet) return [];
  return [
    {
      outlet: item.outlet,
      platform: item.platform ?? 'other',
      ...(item.url ? { url: item.url } : {}),
      ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
    },
  ];
}
