import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, trace, type Link } from '@opentelemetry/api';
import type { Pool } from 'pg';
import { actorOf, type AuthContext } from '@yuqing/auth';
import { DomainRuleError, GRADE_IN_FORCE_TYPES, type RecordedEvent } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore, type Decider } from '@yuqing/event-store';
import {
  assessmentDecider,
  incidentGradeDecider,
  type AssessmentCommand,
  type IncidentGradeCommand,
} from '@yuqing/grading-domain';
import { expectedVersionOf, idempotencyKeyOf, PG_POOL } from '@yuqing/service-kit';
import { ProposeGradeHandler } from '../propose-grade/propose-grade.handler';
import { incidentStream, loadIncident } from './incident-stream';

/** What a decision endpoint answers: the events appended (none when the decision changed nothing). */
export interface DecisionResult {
  readonly incidentId: string;
  /** The stream version after the decision: send it as If-Match to decide only on what you saw. */
  readonly version: number;
  readonly events: readonly { readonly eventId: string; readonly type: string }[];
  /** Ids the service assigned (an assessment's, a plan's, a team's). */
  readonly created?: Readonly<Record<string, string>>;
}

/** Retry and concurrency controls of a write, from its headers. */
export interface WriteOptions {
  readonly idempotencyKey?: string | undefined;
  readonly ifMatch?: string | undefined;
  /** The client's request as sent, when the command holds ids the service assigned: what a retry repeats. */
  readonly request?: unknown;
  /** Ids the service assigned, answered (and answered again to a retry). */
  readonly created?: Readonly<Record<string, string>>;
}

const tracer = trace.getTracer('yuqing-grading');

/**
 * Runs a person's decision on an incident: loads its grading stream, decides with the domain decider, appends with
 * the actor, the incident's org unit and correlation; a repeated Idempotency-Key gets the first answer and appends
 * nothing; If-Match makes a stale decision a 409. An answer to a proposal continues the proposal's trace (linked
 * to the request's), so one trace runs from the captured item through Kafka to the confirmed grade.
 */
@Injectable()
export class Decisions {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(ProposeGradeHandler) private readonly proposals: ProposeGradeHandler,
  ) {}

  grade(
    incidentId: string,
    command: IncidentGradeCommand,
    auth: AuthContext,
    options: WriteOptions,
  ): Promise<DecisionResult> {
    return this.decide(incidentId, incidentGradeDecider, command, auth, options, {
      answersProposal: command.kind === 'confirm' || command.kind === 'override',
      // Categories feed the rules (重大民生诉求): the system looks again at once.
      reevaluate: command.kind === 'categorise',
    });
  }

  assess(
    incidentId: string,
    command: AssessmentCommand,
    auth: AuthContext,
    options: WriteOptions,
  ): Promise<DecisionResult> {
    return this.decide(incidentId, assessmentDecider, command, auth, options, {
      answersProposal: false,
      reevaluate: false,
    });
  }

  private async decide<C, S>(
    incidentId: string,
    decider: Decider<C, S>,
    command: C,
    auth: AuthContext,
    options: WriteOptions,
    how: { answersProposal: boolean; reevaluate: boolean },
  ): Promise<DecisionResult> {
    const loaded = await loadIncident(this.store, incidentId);
    const first = loaded.events[0];
    if (!first)
      throw new DomainRuleError('grading.incident-unknown', 'grading has not heard of this incident');
    const orgUnit = first.metadata.orgUnit;
    const version = expectedVersionOf(options.ifMatch);
    const request = { incidentId, version, request: options.request ?? command };
    return this.idempotent(orgUnit, options.idempotencyKey, request, async () => {
      const run = async (): Promise<DecisionResult> => {
        const result = await handleCommand(this.store, incidentStream(incidentId), decider, command, {
          metadata: { orgUnit, actor: actorOf(auth), correlationId: first.metadata.correlationId },
          ...(version !== undefined ? { expectedVersion: version } : {}),
        });
        if (how.reevaluate && result.events.length > 0) {
          await this.proposals.propose(incidentId, { orgUnit, correlationId: first.metadata.correlationId });
        }
        return {
          incidentId,
          version: result.nextExpectedVersion,
          events: result.events.map((e) => ({ eventId: e.eventId, type: e.type })),
          ...(options.created ? { created: options.created } : {}),
        };
      };
      const proposal = how.answersProposal ? openProposalEvent(loaded.events) : undefined;
      return proposal?.metadata.traceparent ? this.continuing(proposal, run) : run();
    });
  }

  /** Runs `work` in the trace of the proposal it answers, linked to the request that asked for it. */
  private continuing<T>(proposal: RecordedEvent, work: () => Promise<T>): Promise<T> {
    const parent = propagation.extract(ROOT_CONTEXT, {
      traceparent: proposal.metadata.traceparent,
      ...(proposal.metadata.tracestate ? { tracestate: proposal.metadata.tracestate } : {}),
    });
    const request = trace.getSpan(context.active())?.spanContext();
    const links: Link[] = request ? [{ context: request }] : [];
    return tracer.startActiveSpan('grading.answer-proposal', { links }, parent, async (span) => {
      try {
        return await work();
      } finally {
        span.end();
      }
    });
  }

  private async idempotent(
    orgUnit: string,
    header: string | undefined,
    request: unknown,
    work: () => Promise<DecisionResult>,
  ): Promise<DecisionResult> {
    const key = idempotencyKeyOf(header);
    if (key === undefined) return work();
    const s = this.store.schema;
    const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const { rows } = await this.pool.query<{ request_hash: string; response: DecisionResult }>(
      `select request_hash, response from ${s}.idempotency_keys where org_unit = $1 and key = $2`,
      [orgUnit, key],
    );
    const earlier = rows[0];
    if (earlier) {
      if (earlier.request_hash !== hash) {
        throw new DomainRuleError(
          'grading.idempotency-key-reused',
          'this Idempotency-Key was used for another request; use a new key for a new decision',
        );
      }
      return earlier.response;
    }
    const response = await work();
    await this.pool.query(
      `insert into ${s}.idempotency_keys (org_unit, key, request_hash, status, response) values ($1, $2, $3, 201, $4)
       on conflict do nothing`,
      [orgUnit, key, hash, JSON.stringify(response)],
    );
    return response;
  }
}

/** The GradeProposed event of the proposal open now, if any. */
function openProposalEvent(events: readonly RecordedEvent[]): RecordedEvent | undefined {
  let open: RecordedEvent | undefined;
  for (const event of events) {
    if (event.type === 'grading.GradeProposed') open = event;
    else if (GRADE_IN_FORCE_TYPES.includes(event.type)) open = undefined;
  }
  return open;
}
