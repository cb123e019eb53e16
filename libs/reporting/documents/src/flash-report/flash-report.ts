import { resolveFonts } from '../fonts';
import type { DocumentOptions } from '../options';
import type { Outline } from '../render/outline';
import { renderPdf } from '../render/pdf';
import { renderPlain } from '../render/plain';
import { codePointLength, truncate } from '../text/clean';
import {
  chineseNumeral,
  formatCount,
  formatDate,
  formatDateTime,
  formatShortDateTime,
  gradeLabel,
  platformLabel,
} from '../text/format';
import { parseFlashReport, type FlashReport, type ParsedFlashReport } from './flash-report.model';
import { formatPerson } from '../model';

/** The short form fits this many characters (code points): a few concatenated SMS, or a minute on the phone. */
export const FLASH_REPORT_SHORT_MAX = 500;

export interface FlashReportTextOptions {
  /** `short`: one message for SMS (≤ FLASH_REPORT_SHORT_MAX); `full`: the paper version as text, a phone script. */
  readonly form?: 'short' | 'full';
}

/** The flash report (快报) as text: the full paper text (default), or the short form for SMS. */
export function flashReportText(model: FlashReport, options: FlashReportTextOptions = {}): string {
  const report = parseFlashReport(model);
  return options.form === 'short' ? shortText(report) : renderPlain(flashReportOutline(report));
}

/** The paper flash report (纸质快报), due within the hour. */
export async function renderFlashReportPdf(
  model: FlashReport,
  options: DocumentOptions = {},
): Promise<Buffer> {
  return renderPdf(flashReportOutline(parseFlashReport(model)), resolveFonts(options.fonts));
}

function spreadText(r: ParsedFlashReport): string {
  const s = r.spread;
  if (!s) return '';
  const counts = [
    s.views !== undefined ? `阅读${formatCount(s.views)}` : '',
    s.reposts !== undefined ? `转发${formatCount(s.reposts)}` : '',
    s.comments !== undefined ? `评论${formatCount(s.comments)}` : '',
    s.likes !== undefined ? `点赞${formatCount(s.likes)}` : '',
  ].filter(Boolean);
  return [s.description, counts.join('、')].filter(Boolean).join('；');
}

function sourceText(r: ParsedFlashReport): string {
  const published = r.source.publishedAt ? `，${formatDateTime(r.source.publishedAt)}发布` : '';
  return `${r.source.outlet}（${platformLabel(r.source.platform)}）${published}`;
}

export function flashReportOutline(r: ParsedFlashReport): Outline {
  let section = 0;
  const next = (text: string): string => `${chineseNumeral(++section)}、${text}`;
  const spread = spreadText(r);
  return {
    info: {
      title: r.title,
      author: r.reportingOffice,
      subject: '舆情快报',
      createdAt: r.sentAt ?? r.occurredAt,
    },
    blocks: [
      {
        kind: 'masthead',
        name: '舆情快报',
        office: r.reportingOffice,
        date: formatDate(r.sentAt ?? r.occurredAt),
      },
      { kind: 'title', text: r.title },
      {
        kind: 'fields',
        items: [
          { label: '报送对象', value: r.recipient },
          ...(r.grade ? [{ label: '舆情级别', value: gradeLabel(r.grade) }] : []),
          { label: '发生时间', value: formatDateTime(r.occurredAt) },
          { label: '发生地点', value: r.location },
          { label: '信息来源', value: sourceText(r) },
          { label: '报送时限', value: `${formatDateTime(r.dueAt)}前`, emphasis: true },
          ...(r.sentAt ? [{ label: '报送时间', value: formatDateTime(r.sentAt) }] : []),
          ...(r.sentBy ? [{ label: '报送人', value: formatPerson(r.sentBy) }] : []),
          ...(r.receivedBy ? [{ label: '接报人', value: formatPerson(r.receivedBy) }] : []),
          { label: '事件编号', value: r.incidentId },
        ],
      },
      { kind: 'heading', text: next('基本情况') },
      { kind: 'paragraphs', texts: r.whatHappened.split(/\n+/) },
      { kind: 'heading', text: next('传播情况') },
      { kind: 'paragraphs', texts: [spread || '暂无传播数据。'] },
      { kind: 'heading', text: next('已采取措施') },
      r.measures.length > 0
        ? { kind: 'list', items: r.measures.map((text) => ({ text })) }
        : { kind: 'paragraphs', texts: ['暂无。'] },
      ...(r.contact
        ? [
            {
              kind: 'fields' as const,
              items: [
                { label: '联系人', value: [r.contact.name, r.contact.phone].filter(Boolean).join(' ') },
              ],
            },
          ]
        : []),
    ],
  };
}

/** A piece of the SMS whose body may be cut (down to `min` code points) to fit the limit. */
interface Piece {
  readonly before: string;
  body: string;
  readonly after: string;
  readonly min: number;
  /** Lower is cut first. */
  readonly cutOrder: number;
}

function shortText(r: ParsedFlashReport): string {
  const spread = spreadText(r);
  const contact = r.contact ? [r.contact.name, r.contact.phone].filter(Boolean).join(' ') : '';
  const pieces: Piece[] = [
    { before: '【舆情快报】', body: r.reportingOffice, after: '', min: 10, cutOrder: 6 },
    { before: '报', body: r.recipient, after: '：', min: 6, cutOrder: 7 },
    { before: `${formatShortDateTime(r.occurredAt)}，`, body: r.location, after: '，', min: 6, cutOrder: 4 },
    {
      before: `${r.source.outlet}（${platformLabel(r.source.platform)}）发布“`,
      body: r.title,
      after: '”。',
      min: 12,
      cutOrder: 3,
    },
    { before: '', body: r.whatHappened.replace(/\n+/g, ' '), after: '。', min: 30, cutOrder: 0 },
    ...(spread ? [{ before: '传播：', body: spread, after: '。', min: 12, cutOrder: 2 }] : []),
    ...(r.measures.length > 0
      ? [{ before: '已采取措施：', body: r.measures.join('；'), after: '。', min: 20, cutOrder: 1 }]
      : []),
    ...(r.grade
      ? [{ before: `级别：${gradeLabel(r.grade)}。`, body: '', after: '', min: 0, cutOrder: 99 }]
      : []),
    { before: `报送时限${formatShortDateTime(r.dueAt)}。`, body: '', after: '', min: 0, cutOrder: 99 },
    ...(contact ? [{ before: '联系人：', body: contact, after: '', min: 4, cutOrder: 5 }] : []),
  ];
  // The 。 the body itself may end with would double up with the piece's own.
  for (const p of pieces) p.body = p.body.replace(/[。；，\s]+$/, '');
  const length = (): number => pieces.reduce((n, p) => n + codePointLength(p.before + p.body + p.after), 0);
  let excess = length() - FLASH_REPORT_SHORT_MAX;
  for (const p of [...pieces].sort((a, b) => a.cutOrder - b.cutOrder)) {
    if (excess <= 0) break;
    const bodyLength = codePointLength(p.body);
    const cut = Math.min(excess, Math.max(0, bodyLength - p.min));
    if (cut > 0) {
      p.body = truncate(p.body, bodyLength - cut);
      excess -= cut;
    }
  }
  const text = pieces.map((p) => p.before + p.body + p.after).join('');
  // The minimums alone fit well within the limit; this only guards the arithmetic.
  return truncate(text, FLASH_REPORT_SHORT_MAX);
}
