import { resolveFonts } from '../fonts';
import type { DocumentOptions } from '../options';
import { renderDocx } from '../render/docx';
import type { Block, Outline } from '../render/outline';
import { renderPdf } from '../render/pdf';
import { renderPlain } from '../render/plain';
import {
  categoryLabel,
  chineseNumeral,
  formatDate,
  formatDateTime,
  formatMonthDay,
  formatShortDateTime,
  gradeShortLabel,
  reportKindLabel,
} from '../text/format';
import { DEFAULT_MARKING } from '../bulletin/bulletin.outline';
import { DIGEST_LIMITS, parseDigest, type Digest, type ParsedDigest } from './digest.model';
import { summariseDigest, type GradeBucket } from './digest.summary';

const NAMES = { daily: '舆情日报', weekly: '舆情周报' } as const;

const BUCKET_LABELS: Readonly<Record<GradeBucket, string>> = {
  exceptional: '特别重大',
  'level-1': '一级（重大）',
  'level-2': '二级（严重）',
  'level-3': '三级（一般）',
  ungraded: '未定级',
};

/** The digest as plain text (e-mail, IM). */
export function digestText(model: Digest, options: DocumentOptions = {}): string {
  return renderPlain(digestOutline(parseDigest(model), options));
}

export async function renderDigestPdf(model: Digest, options: DocumentOptions = {}): Promise<Buffer> {
  return renderPdf(digestOutline(parseDigest(model), options), resolveFonts(options.fonts));
}

export async function renderDigestDocx(model: Digest, options: DocumentOptions = {}): Promise<Buffer> {
  return renderDocx(digestOutline(parseDigest(model), options));
}

function titleOf(d: ParsedDigest): string {
  const name = NAMES[d.kind];
  if (d.kind === 'daily') return `${formatDate(d.period.from)}${name}`;
  // The period ends exclusively: the last day shown is the one before `to`.
  const lastDay = new Date(d.period.to.getTime() - 1);
  return `${formatDate(d.period.from)}至${formatMonthDay(lastDay)}${name}`;
}

export function digestOutline(d: ParsedDigest, options: DocumentOptions = {}): Outline {
  const s = summariseDigest(d);
  const g = s.byGrade;
  const o = s.obligations;
  const label = (c: string): string =>
    c === 'uncategorised'
      ? '未分类'
      : categoryLabel(c as Parameters<typeof categoryLabel>[0], options.categoryLabels);
  let section = 0;
  const next = (text: string): string => `${chineseNumeral(++section)}、${text}`;
  const listed = s.newIncidents.slice(0, DIGEST_LIMITS.listed);
  const title = titleOf(d);
  const blocks: Block[] = [
    {
      kind: 'masthead',
      name: NAMES[d.kind],
      marking: d.marking ?? DEFAULT_MARKING,
      ...(d.issueNumber ? { issueNumber: d.issueNumber } : {}),
      office: d.issuingOffice,
      date: formatDate(d.issuedAt),
    },
    {
      kind: 'title',
      text: title,
      subtitle: `（统计时段：${formatShortDateTime(d.period.from)}至${formatShortDateTime(d.period.to)}）`,
    },
    { kind: 'heading', text: next('总体情况') },
    {
      kind: 'paragraphs',
      texts: [
        `本期新增舆情${s.newIncidents.length}件，其中特别重大${g.exceptional}件、一级${g['level-1']}件、` +
          `二级${g['level-2']}件、三级${g['level-3']}件、未定级${g.ungraded}件；往期延续${s.carriedOver}件。`,
        `本期应报送${o.total}项：按时报送${o['on-time']}项，迟报${o.late}项，逾期未报${o.overdue}项，未到期${o.pending}项。`,
      ],
    },
    { kind: 'heading', text: next('分级分类统计') },
    {
      kind: 'table',
      columns: [
        { header: '级别', width: 3 },
        { header: '新增（件）', width: 2, align: 'right' },
      ],
      rows: [
        ...(Object.keys(BUCKET_LABELS) as GradeBucket[]).map((b) => [BUCKET_LABELS[b], String(g[b])]),
        ['合计', String(s.newIncidents.length)],
      ],
    },
    s.byCategory.length > 0
      ? {
          kind: 'table',
          columns: [
            { header: '类别', width: 3 },
            { header: '新增（件）', width: 2, align: 'right' },
          ],
          rows: s.byCategory.map((c) => [label(c.category), String(c.count)]),
        }
      : { kind: 'paragraphs', texts: ['本期无分类数据。'] },
    { kind: 'heading', text: next('新增舆情') },
    listed.length > 0
      ? {
          kind: 'table',
          columns: [
            { header: '序号', width: 1.3, align: 'center' },
            { header: '发现时间', width: 2.4 },
            { header: '标题', width: 6 },
            { header: '级别', width: 1.6, align: 'center' },
            { header: '类别', width: 2.4 },
          ],
          rows: listed.map((i, n) => [
            String(n + 1),
            formatShortDateTime(i.detectedAt),
            i.title,
            gradeShortLabel(i.grade),
            i.categories.map(label).join('、') || '未分类',
          ]),
        }
      : { kind: 'paragraphs', texts: ['本期无新增舆情。'] },
    ...(s.newIncidents.length > listed.length
      ? [
          {
            kind: 'paragraphs' as const,
            texts: [`另有${s.newIncidents.length - listed.length}件，详见系统。`],
          },
        ]
      : []),
    { kind: 'heading', text: next('报送情况') },
    s.overdue.length > 0
      ? {
          kind: 'list',
          items: s.overdue.slice(0, DIGEST_LIMITS.listed).map((x) => ({
            text: `逾期未报：${x.incidentTitle ?? x.incidentId}，${reportKindLabel(x.kind)}，时限${formatDateTime(x.dueAt)}`,
          })),
        }
      : { kind: 'paragraphs', texts: ['本期无逾期未报事项。'] },
  ];
  if (d.notable && d.notable.length > 0) {
    blocks.push(
      { kind: 'heading', text: next('重点关注') },
      { kind: 'list', items: d.notable.map((n) => ({ text: `${n.title}：${n.note.replace(/\n+/g, ' ')}` })) },
    );
  }
  return {
    info: { title, author: d.issuingOffice, subject: NAMES[d.kind], createdAt: d.issuedAt },
    blocks,
  };
}
