import { z } from 'zod';
import { grade, type Grade } from '@yuqing/contracts';
import {
  idField,
  instantField,
  lineField,
  linesField,
  optionalLineField,
  parseModel,
  personSchema,
  sourceSchema,
  textField,
  type Instant,
  type Person,
  type ReportSource,
} from '../model';

// The flash report (快报, 第十三条): a level-1 incident reported by phone or SMS within 30 minutes of the opinion
// arising, and on paper within the hour. Facts first, causes with care (速报事实、慎报原因).

export interface FlashReport {
  readonly incidentId: string;
  /** The incident in one line, e.g. the post's title. */
  readonly title: string;
  readonly grade?: Grade;
  /** 报送单位. */
  readonly reportingOffice: string;
  /** 报送对象, e.g. 市局主要领导. */
  readonly recipient: string;
  /** When the opinion arose (舆情发生): the clock of the 30-minute and 1-hour deadlines. */
  readonly occurredAt: Instant;
  /** Where it happened. */
  readonly location: string;
  /** What happened (基本情况). */
  readonly whatHappened: string;
  /** Where it was first published. */
  readonly source: ReportSource;
  /** How far it has spread (传播情况) so far. */
  readonly spread?: {
    readonly description?: string;
    readonly views?: number;
    readonly reposts?: number;
    readonly comments?: number;
    readonly likes?: number;
  };
  /** What has been done (已采取措施). */
  readonly measures: readonly string[];
  /** The deadline this report meets. */
  readonly dueAt: Instant;
  /** When it was (or is being) sent. */
  readonly sentAt?: Instant;
  /** 报送人: who made the call or sent the paper, as they were then. */
  readonly sentBy?: Person;
  /** 接报人: the person reached, e.g. the city's principal leader, as they were then. */
  readonly receivedBy?: Person;
  /** Who to call back (联系人). */
  readonly contact?: { readonly name: string; readonly phone?: string };
}

export const FLASH_REPORT_LIMITS = {
  title: 100,
  whatHappened: 2000,
  spread: 500,
  measure: 200,
  measures: 10,
} as const;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional();

export const flashReportSchema = z.object({
  incidentId: idField,
  title: lineField(FLASH_REPORT_LIMITS.title),
  grade: grade.optional(),
  reportingOffice: lineField(60),
  recipient: lineField(60),
  occurredAt: instantField,
  location: lineField(100),
  whatHappened: textField(FLASH_REPORT_LIMITS.whatHappened),
  source: sourceSchema,
  spread: z
    .object({
      description: optionalLineField(FLASH_REPORT_LIMITS.spread),
      views: count,
      reposts: count,
      comments: count,
      likes: count,
    })
    .optional(),
  measures: linesField(FLASH_REPORT_LIMITS.measure, FLASH_REPORT_LIMITS.measures),
  dueAt: instantField,
  sentAt: instantField.optional(),
  sentBy: personSchema.optional(),
  receivedBy: personSchema.optional(),
  contact: z
    .object({
      name: lineField(40),
      phone: optionalLineField(30),
    })
    .optional(),
});

export type ParsedFlashReport = z.output<typeof flashReportSchema>;

export function parseFlashReport(model: FlashReport): ParsedFlashReport {
  return parseModel(flashReportSchema, model, 'flash report');
}
