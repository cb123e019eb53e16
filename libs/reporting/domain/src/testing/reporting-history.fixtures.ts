import { DomainRuleError, type Grade, type NewEvent, type RecordedEvent } from '@yuqing/contracts';
import { decideReporting, type ReportingCommand } from '../obligations/reporting.decider';
import { evolveReporting, initialReportingState, type ReportingState } from '../obligations/reporting-state';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import type { ReportingPolicy } from '../policy/reporting-policy';

// Test fixtures: one incident's reporting stream, built by deciding commands and recording their events as the
// store would (ids, positions, metadata with the incident's org unit), so tests read given / when / then.

export const L1: Grade = { level: 'level-1', exceptional: false };
export const L2: Grade = { level: 'level-2', exceptional: false };
export const L3: Grade = { level: 'level-3', exceptional: false };
export const EXCEPTIONAL: Grade = { level: 'level-1', exceptional: true };

/** 08:00 Beijing time on 20 Nov 2026, as UTC: the moment the opinion arose in these tests. */
export const T0 = Date.parse('2026-11-20T08:00:00+08:00');
/** `T0 + minutes`, as an ISO instant. */
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/** 宜良县 (a county) under 昆明市: reports go to the city, cn.yn.km. */
export const COUNTY = 'cn.yn.km.yl';
export const TOWN = 'cn.yn.km.yl.kyz';
export const CITY = 'cn.yn.km';

export class ReportingHistory {
  readonly events: RecordedEvent[] = [];
  private ids = 0;

  constructor(
    readonly orgUnit = COUNTY,
    readonly incidentId = 'inc-1',
    readonly policy: ReportingPolicy = DEFAULT_REPORTING_POLICY,
  ) {}

  /** Ids handed out by commands: `id-1`, `id-2`, … */
  readonly newId = (): string => `id-${++this.ids}`;

  state(): ReportingState {
    return this.events.reduce(evolveReporting, initialReportingState());
  }

  /** Decides the command on the current state and records the events; returns them. */
  run(command: ReportingCommand): NewEvent[] {
    const events = decideReporting(command, this.state());
    this.record(events);
    return events;
  }

  /** The rule a refusal names (fails when the command is not refused). */
  refusal(command: ReportingCommand): string {
    try {
      decideReporting(command, this.state());
    } catch (error) {
      if (error instanceof DomainRuleError) return error.rule;
      throw error;
    }
    throw new Error('expected a refusal');
  }

  record(events: readonly NewEvent[], recordedAt = new Date(T0)): this {
    for (const event of events) {
      const n = this.events.length + 1;
      this.events.push({
        eventId: `${this.incidentId}-e${n}`,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        streamId: `reporting-incident-${this.incidentId}`,
        streamPosition: n,
        globalPosition: String(n),
        transactionId: String(n),
        data: event.data,
        metadata: {
          orgUnit: this.orgUnit,
          actor: { kind: 'service', id: 'reporting' },
          correlationId: this.incidentId,
          ...event.metadata,
        },
        recordedAt,
      });
    }
    return this;
  }

  /** given: the grade comes into force, the opinion having arisen at T0 (first capture). */
  graded(grade: Grade, gradedAtMinutes = 2, gradeEventId = `grade-${this.events.length + 1}`): NewEvent[] {
    return this.run({
      kind: 'open-for-grade',
      incidentId: this.incidentId,
      orgUnit: this.orgUnit,
      grade,
      gradeEventId,
      gradedAt: at(gradedAtMinutes),
      incidentStart: { firstCapturedAt: at(0) },
      policy: this.policy,
      newId: this.newId,
    });
  }

  /** The open obligation of a kind (fails when there is none). */
  obligation(kind: string): string {
    const o = this.state().obligations.find((x) => x.kind === kind && x.status === 'open');
    if (!o) throw new Error(`no open ${kind} obligation`);
    return o.obligationId;
  }

  /** when: the watcher wakes the incident at `T0 + minutes`. */
  tick(minutes: number, heatIndex?: number): NewEvent[] {
    return this.run({
      kind: 'fire-due',
      now: at(minutes),
      ...(heatIndex !== undefined ? { heatIndex } : {}),
      policy: this.policy,
    });
  }
}

/** The types of events, in order: what most "then" lines compare. */
export const typesOf = (events: readonly NewEvent[]): string[] =>
  events.map((e) => e.type.replace('reporting.', ''));
