import type { DocumentOptions } from '../options';
import type { ListItem, Outline } from '../render/outline';
import { SIGN_OFF_BOX_MAX } from '../render/outline';
import { paragraphsOf, truncate } from '../text/clean';
import {
  categoryLabel,
  chineseNumeral,
  formatDate,
  formatDateTime,
  gradeLabel,
  platformLabel,
} from '../text/format';
import type { ParsedBulletin } from './bulletin.model';
import { formatPerson } from '../model';

export const DEFAULT_BULLETIN_MASTHEAD = '网上舆情';
export const DEFAULT_MARKING = '内部资料　注意保存';

export function bulletinOutline(b: ParsedBulletin, options: DocumentOptions = {}): Outline {
  const signed = b.signOff.status === 'signed' ? b.signOff : undefined;
  const continued = signed !== undefined && Array.from(signed.instructions).length > SIGN_OFF_BOX_MAX;
  let section = 0;
  const next = (text: string): string => `${chineseNumeral(++section)}、${text}`;
  const sources: ListItem[] = b.sources.map((s) => ({
    text:
      `${s.outlet}（${platformLabel(s.platform)}）` +
      (s.publishedAt ? `，${formatDateTime(s.publishedAt)}发布` : ''),
    ...(s.url ? { detail: truncate(s.url, 300) } : {}),
  }));
  return {
    info: {
      title: b.title,
      author: b.issuingOffice,
      subject: `${b.masthead ?? DEFAULT_BULLETIN_MASTHEAD} ${b.issueNumber}`,
      createdAt: b.issuedAt,
    },
    blocks: [
      {
        kind: 'masthead',
        name: b.masthead ?? DEFAULT_BULLETIN_MASTHEAD,
        marking: b.marking ?? DEFAULT_MARKING,
        issueNumber: b.issueNumber,
        office: b.issuingOffice,
        date: formatDate(b.issuedAt),
      },
      {
        kind: 'signOff',
        ...(signed
          ? {
              signed: {
                leader: formatPerson(signed.leader),
                instructions: continued
                  ? truncate(signed.instructions, SIGN_OFF_BOX_MAX)
                  : signed.instructions,
                date: formatDate(signed.signedAt),
                continued,
              },
            }
          : {}),
      },
      { kind: 'title', text: b.title },
      {
        kind: 'fields',
        items: [
          { label: '事件编号', value: b.incidentId },
          { label: '舆情级别', value: gradeLabel(b.grade) },
          {
            label: '舆情类别',
            value: b.categories.map((c) => categoryLabel(c, options.categoryLabels)).join('、') || '未分类',
          },
          { label: '报送对象', value: b.recipient },
          { label: '报送时限', value: `${formatDateTime(b.reportingDeadline)}前`, emphasis: true },
        ],
      },
      { kind: 'heading', text: next('信息来源') },
      sources.length > 0
        ? { kind: 'list', items: sources }
        : { kind: 'paragraphs', texts: ['暂无来源信息。'] },
      { kind: 'heading', text: next('舆情摘要') },
      { kind: 'paragraphs', texts: paragraphsOf(b.summary) },
      ...(b.figures && b.figures.length > 0
        ? [
            {
              kind: 'fields' as const,
              items: b.figures.map((f) => ({
                label: f.name,
                value: `${figureValue(f.value)}${f.unit ?? ''}`,
              })),
            },
          ]
        : []),
      { kind: 'heading', text: next('研判意见') },
      { kind: 'paragraphs', texts: paragraphsOf(b.assessment) },
      { kind: 'heading', text: next('处置建议') },
      b.suggestions.length > 0
        ? { kind: 'list', items: b.suggestions.map((text) => ({ text })) }
        : { kind: 'paragraphs', texts: ['暂无。'] },
      ...(signed && continued
        ? [
            { kind: 'heading' as const, text: '附：领导批示全文' },
            { kind: 'paragraphs' as const, texts: paragraphsOf(signed.instructions) },
            {
              kind: 'fields' as const,
              items: [
                { label: '签批人', value: formatPerson(signed.leader) },
                { label: '签批时间', value: formatDateTime(signed.signedAt) },
              ],
            },
          ]
        : []),
      {
        kind: 'colophon',
        reportTo: b.reportTo && b.reportTo.length > 0 ? b.reportTo : [b.recipient],
        copyTo: b.copyTo ?? [],
        staff: `编辑：${b.staff.editor}　　审核：${b.staff.reviewer}　　签发：${b.staff.issuer}`,
        office: b.issuingOffice,
        printed: `${formatDate(b.issuedAt)}印发`,
      },
    ],
  };
}

/** A figure as an office writes it: plain digits, no grouping, no exponent (1200, 12.5). */
function figureValue(value: number): string {
  return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 6, useGrouping: false }).format(value);
}
