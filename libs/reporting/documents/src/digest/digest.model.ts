import { z } from 'zod';
import { category, grade, reportKind, type Category, type Grade, type ReportKind } from '@yuqing/contracts';
import {
  idField,
  instantField,
  lineField,
  optionalLineField,
  parseModel,
  textField,
  type Instant,
} from '../model';

// The daily (日报) and weekly (周报) digest: what came in during the period, how it was graded and categorised,
// and whether reports went out on time. The caller passes the period's incidents and obligations; the counting
// is done here (see summariseDigest) so every digest counts the same way.

export interface DigestIncident {
  readonly incidentId: string;
  readonly title: string;
  /** Absent while not yet graded (未定级). */
  readonly grade?: Grade;
  readonly categories: readonly Category[];
  /** When it was first detected; it is new in the period when this falls within it. */
  readonly detectedAt: Instant;
}

export interface DigestObligation {
  readonly obligationId: string;
  readonly incidentId: string;
  readonly incidentTitle?: string;
  readonly kind: ReportKind;
  readonly dueAt: Instant;
  /** When the report reached its recipient, if it did. */
  readonly fulfilledAt?: Instant;
  /** When it stopped applying (撤销), if it did. */
  readonly cancelledAt?: Instant;
}

export interface DigestNotableItem {
  readonly title: string;
  readonly note: string;
  readonly incidentId?: string;
}

export interface Digest {
  readonly kind: 'daily' | 'weekly';
  /** [from, to): the day or week, as instants. */
  readonly period: { readonly from: Instant; readonly to: Instant };
  readonly issuingOffice: string;
  readonly issuedAt: Instant;
  readonly issueNumber?: string;
  readonly marking?: string;
  readonly incidents: readonly DigestIncident[];
  readonly obligations: readonly DigestObligation[];
  /** 重点关注. */
  readonly notable?: readonly DigestNotableItem[];
}

export const DIGEST_LIMITS = { incidents: 5000, obligations: 10000, notable: 20, listed: 100 } as const;

export const digestSchema = z
  .object({
    kind: z.enum(['daily', 'weekly']),
    period: z.object({ from: instantField, to: instantField }),
    issuingOffice: lineField(60),
    issuedAt: instantField,
    issueNumber: optionalLineField(30),
    marking: optionalLineField(20),
    incidents: z
      .array(
        z.object({
          incidentId: idField,
          title: lineField(100),
          grade: grade.optional(),
          categories: z
            .array(category)
            .max(8)
            .transform((cs) => [...new Set(cs)]),
          detectedAt: instantField,
        }),
      )
      .max(DIGEST_LIMITS.incidents),
    obligations: z
      .array(
        z.object({
          obligationId: idField,
          incidentId: idField,
          incidentTitle: optionalLineField(100),
          kind: reportKind,
          dueAt: instantField,
          fulfilledAt: instantField.optional(),
          cancelledAt: instantField.optional(),
        }),
      )
      .max(DIGEST_LIMITS.obligations),
    notable: z
      .array(z.object({ title: lineField(100), note: textField(1000), incidentId: idField.optional() }))
      .max(DIGEST_LIMITS.notable)
      .optional(),
  })
  .refine((d) => d.period.from.getTime() < d.period.to.getTime(), {
    message: 'the period must end after it starts',
    path: ['period', 'to'],
  });

export type ParsedDigest = z.output<typeof digestSchema>;

export function parseDigest(model: Digest): ParsedDigest {
  return parseModel(digestSchema, model, 'digest');
}
