import { z } from 'zod';
import { category, figures, grade, type Category, type Figure, type Grade } from '@yuqing/contracts';
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

// The 《网上舆情》 bulletin (第十四条): a level-2 incident reported to the city bureau, which a leader may sign off
// (签批) with instructions (批示, 第十七条). The model is what the document shows, not the domain's state.

/** The 签批栏: a leader's instructions once signed, or blank lines to sign on paper. */
export type BulletinSignOff =
  | { readonly status: 'awaiting' }
  | {
      readonly status: 'signed';
      /** 签批人: name, post and unit as they were when they signed. */
      readonly leader: Person;
      /** 批示. */
      readonly instructions: string;
      readonly signedAt: Instant;
    };

export interface BulletinDocument {
  /** The masthead (版头); 网上舆情 unless a deployment calls its bulletin otherwise. */
  readonly masthead?: string;
  /** 期号, e.g. 〔2026〕第12期 (see formatIssueNumber). */
  readonly issueNumber: string;
  /** 编印单位, e.g. 华宁公路分局网络舆情工作领导小组办公室. */
  readonly issuingOffice: string;
  readonly issuedAt: Instant;
  /** Top-left marking; 内部资料　注意保存 unless given (第三十条: the material is internal). */
  readonly marking?: string;
  readonly title: string;
  readonly incidentId: string;
  readonly grade: Grade;
  readonly categories: readonly Category[];
  readonly sources: readonly ReportSource[];
  /** 舆情摘要. */
  readonly summary: string;
  /** The figures the bulletin states (报送的数据), printed under 舆情摘要 when it states any. */
  readonly figures?: readonly Figure[];
  /** 研判意见. */
  readonly assessment: string;
  /** 处置建议, one item each. */
  readonly suggestions: readonly string[];
  /** 报送时限: the deadline of the obligation this bulletin meets. */
  readonly reportingDeadline: Instant;
  /** 报送对象, e.g. 玉溪公路局. */
  readonly recipient: string;
  readonly signOff: BulletinSignOff;
  /** 报: who it is sent to (版记); the recipient when not given. */
  readonly reportTo?: readonly string[];
  /** 抄送. */
  readonly copyTo?: readonly string[];
  /** 编辑 / 审核 / 签发. */
  readonly staff: { readonly editor: string; readonly reviewer: string; readonly issuer: string };
}

/** Bounds, in code points; the title bound keeps the 二号 title within a few lines. */
export const BULLETIN_LIMITS = {
  title: 120,
  summary: 4000,
  assessment: 4000,
  suggestion: 500,
  suggestions: 10,
  sources: 20,
  instructions: 4000,
} as const;

const name = lineField(40);

export const bulletinDocumentSchema = z.object({
  masthead: optionalLineField(12),
  issueNumber: lineField(30),
  issuingOffice: lineField(60),
  issuedAt: instantField,
  marking: optionalLineField(20),
  title: lineField(BULLETIN_LIMITS.title),
  incidentId: idField,
  grade,
  categories: z
    .array(category)
    .max(8)
    .transform((cs) => [...new Set(cs)]),
  sources: z.array(sourceSchema).max(BULLETIN_LIMITS.sources),
  summary: textField(BULLETIN_LIMITS.summary),
  figures: figures('The figures the bulletin states.').optional(),
  assessment: textField(BULLETIN_LIMITS.assessment),
  suggestions: linesField(BULLETIN_LIMITS.suggestion, BULLETIN_LIMITS.suggestions),
  reportingDeadline: instantField,
  recipient: lineField(60),
  signOff: z.discriminatedUnion('status', [
    z.object({ status: z.literal('awaiting') }),
    z.object({
      status: z.literal('signed'),
      leader: personSchema,
      instructions: textField(BULLETIN_LIMITS.instructions),
      signedAt: instantField,
    }),
  ]),
  reportTo: linesField(60, 10).optional(),
  copyTo: linesField(60, 20).optional(),
  staff: z.object({ editor: name, reviewer: name, issuer: name }),
});

export type ParsedBulletin = z.output<typeof bulletinDocumentSchema>;

export function parseBulletin(model: BulletinDocument): ParsedBulletin {
  return parseModel(bulletinDocumentSchema, model, 'bulletin document');
}
