import type { WrittenRequestKind } from './written-request.kinds';

/** What one kind of written request follows. */
export interface WrittenRequestKindPolicy {
  /** The article that asks for it, cited in the document and the event. */
  readonly article: string;
  /** The roles that may answer for the addressed unit (guidance.decide-request holders of that unit). */
  readonly approverRoles: readonly string[];
  /** The answer is due this long after filing. */
  readonly answerWithinMinutes: number;
  /** The addressed unit is reminded this long before the deadline. */
  readonly reminderLeadMinutes: number;
  /** Whether the request must name the incident it concerns. */
  readonly incidentRequired: boolean;
}

/**
 * What written requests follow, as data; every request cites the version it was filed under.
 *
 * The seed sets no time for an answer. The defaults: a press conference (第二十四条) and a 二级 consultation
 * (第十七条, asked "在向分局主要领导汇报的同时", i.e. at once) are answered within 4 hours (PT4H, reminded 1 hour
 * before); coordination, outside-media coverage and joint campaigns within a day (P1D, reminded 4 hours before).
 * A deployment may ship its own policy under a new version.
 */
export interface WrittenRequestPolicy {
  readonly version: string;
  readonly kinds: Readonly<Record<WrittenRequestKind, WrittenRequestKindPolicy>>;
}

const DAY = 24 * 60;
const HOURS_4 = 4 * 60;

export const DEFAULT_WRITTEN_REQUEST_POLICY: WrittenRequestPolicy = Object.freeze({
  version: 'written-requests@1',
  kinds: Object.freeze({
    // 第十八条: 市局有关部门 coordinate; the city internet office answers for the bureau.
    'city-coordination': {
      article: '第十八条',
      approverRoles: ['internet-office', 'leading-group-office'],
      answerWithinMinutes: DAY,
      reminderLeadMinutes: 240,
      incidentRequired: false,
    },
    // 第十九条: coverage by media outside the city or province, coordinated by the city bureau.
    'outside-media-coverage': {
      article: '第十九条',
      approverRoles: ['internet-office', 'publicity-department'],
      answerWithinMinutes: DAY,
      reminderLeadMinutes: 240,
      incidentRequired: false,
    },
    // 第二十三条: 报市局网管办同意后进行.
    'joint-media-campaign': {
      article: '第二十三条',
      approverRoles: ['internet-office'],
      answerWithinMinutes: DAY,
      reminderLeadMinutes: 240,
      incidentRequired: false,
    },
    // 第二十四条 (第二十七条): under the publicity department's guidance.
    'press-conference': {
      article: '第二十四条、第二十七条',
      approverRoles: ['publicity-department'],
      answerWithinMinutes: HOURS_4,
      reminderLeadMinutes: 60,
      incidentRequired: false,
    },
    // 第十七条: for a 二级 incident the department asks the supervising bureau for its handling opinion.
    'level-2-consultation': {
      article: '第十七条',
      approverRoles: ['principal-leader', 'leading-group-office', 'internet-office'],
      answerWithinMinutes: HOURS_4,
      reminderLeadMinutes: 60,
      incidentRequired: true,
    },
  }),
});
