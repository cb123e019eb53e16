import { RELEASE_APPROVERS, type ReleaseApprover } from '@yuqing/contracts';
import {
  chineseNumeral,
  cleanLine,
  cleanText,
  formatDate,
  formatDateTime,
  gradeLabel,
  gradeShortLabel,
  type Block,
  type Outline,
} from '@yuqing/documents';
import type { IncidentRecord, StepKind, WordingVersion } from './incident-record';

// Guidance's two documents, as outlines the shared documents library lays out in PDF and DOCX: the press release
// (新闻通稿) of one approved wording version (统一事实、统一数据、统一口径、统一出口, 第二十五条), and the situation
// statement (情况通报) of the incident's response: what happened, what was done, the releases made. Every string
// from a record passes through cleanLine/cleanText (controls, bidi overrides stripped; bounded in code points):
// wording and releases quote captured content, and the DOCX and PDF writers escape what remains.

/** How long each part may be, in code points: what a reader needs, not what a post can hold. */
export const GUIDANCE_DOCUMENT_LIMITS = {
  name: 60,
  fact: 500,
  facts: 20,
  figures: 30,
  wording: 5000,
  steps: 60,
  stepDetail: 200,
  releases: 30,
  url: 200,
} as const;

const L = GUIDANCE_DOCUMENT_LIMITS;

export const RELEASE_KIND_LABELS: Readonly<Record<string, string>> = {
  'forum-reply': '论坛回帖',
  'message-board-reply': '留言板回复',
  'news-release': '新闻通稿',
  'weibo-post': '政务微博',
  'wechat-post': '微信公众号',
  'press-statement': '新闻发布/声明',
  'progress-explanation': '进展说明',
};

const STEP_LABELS: Readonly<Record<StepKind, string>> = {
  'plan-opened': '启动应对方案（处置、口径、发布同步安排）',
  arranged: '调整应对安排',
  'special-team': '成立处置专班',
  'wording-drafted': '起草口径',
  'wording-approved': '审核通过口径',
  'wording-refused': '退回口径',
  'release-prepared': '拟定发布稿',
  'release-approved': '审批同意发布',
  'release-refused': '不同意发布',
  'release-published': '对外发布',
};

const line = (s: string, max: number = L.name): string => cleanLine(s, max) || '—';
const paragraphs = (s: string, max: number): string[] =>
  cleanText(s, max)
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);

/** An address shown as text only (never a link): anything but http(s) is left out. */
function address(url: string | undefined): string {
  if (!url) return '';
  try {
    const parsed = new URL(cleanLine(url, 2048));
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? cleanLine(parsed.href, L.url) : '';
  } catch {
    return '';
  }
}

const approverLabel = (a: ReleaseApprover | undefined): string => (a ? RELEASE_APPROVERS[a].zh : '—');

function numbered(): (text: string) => string {
  let n = 0;
  return (text) => `${chineseNumeral((n += 1))}、${text}`;
}

function figuresBlock(wording: WordingVersion): Block {
  if (wording.figures.length === 0) return { kind: 'paragraphs', texts: ['无。'] };
  return {
    kind: 'table',
    columns: [
      { header: '项目', width: 0.6 },
      { header: '数值', width: 0.25, align: 'right' },
      { header: '单位', width: 0.15, align: 'center' },
    ],
    rows: wording.figures
      .slice(0, L.figures)
      .map((f) => [line(f.name), String(f.value), f.unit ? line(f.unit, 10) : '']),
  };
}

/** The press release (新闻通稿) of one approved wording version. */
export function pressReleaseOutline(wording: WordingVersion, now: Date): Outline {
  const outlet = line(wording.outlet.name);
  const next = numbered();
  const facts = wording.facts.slice(0, L.facts).flatMap((f) => paragraphs(f, L.fact));
  return {
    info: { title: `新闻通稿 ${outlet}`, author: outlet, subject: '新闻通稿', createdAt: now },
    blocks: [
      { kind: 'title', text: '新闻通稿', subtitle: outlet },
      {
        kind: 'fields',
        items: [
          { label: '发布单位', value: outlet },
          { label: '发布渠道', value: line(wording.outlet.channel) },
          { label: '口径版本', value: `第${wording.version}版（${approverLabel(wording.approvedAs)}审核）` },
          { label: '日期', value: formatDate(now) },
        ],
      },
      { kind: 'heading', text: next('基本情况') },
      { kind: 'paragraphs', texts: facts.length > 0 ? facts : ['无。'] },
      { kind: 'heading', text: next('有关数据') },
      figuresBlock(wording),
      { kind: 'heading', text: next('发布口径') },
      { kind: 'paragraphs', texts: paragraphs(wording.text, L.wording) },
      { kind: 'colophon', reportTo: [], copyTo: [], office: outlet, printed: `${formatDate(now)}印发` },
    ],
  };
}

/** The situation statement (情况通报) of the incident's response. */
export function situationStatementOutline(
  record: IncidentRecord,
  wording: WordingVersion | undefined,
  now: Date,
): Outline {
  const office = wording ? line(wording.outlet.name) : line(record.orgUnit, 100);
  const next = numbered();
  const facts = (wording?.facts ?? []).slice(0, L.facts).flatMap((f) => paragraphs(f, L.fact));
  const published = record.releases.filter((r) => r.status === 'published').slice(0, L.releases);
  const steps = record.steps.slice(0, L.steps).map((s) => ({
    text: `${formatDateTime(s.at)}　${STEP_LABELS[s.kind]}`,
    ...(s.detail ? { detail: line(s.detail, L.stepDetail) } : {}),
  }));
  return {
    info: { title: `情况通报 ${office}`, author: office, subject: '情况通报', createdAt: now },
    blocks: [
      { kind: 'title', text: '情况通报', subtitle: `（${gradeShortLabel(record.grade)}）` },
      {
        kind: 'fields',
        items: [
          { label: '通报单位', value: office },
          { label: '事件编号', value: line(record.incidentId, 100) },
          { label: '事件等级', value: gradeLabel(record.grade) },
          ...(record.firstResponseDueAt
            ? [{ label: '首次回应时限', value: formatDateTime(record.firstResponseDueAt), emphasis: true }]
            : []),
          { label: '发布渠道', value: line(record.channels.join('、') || '—', 200) },
        ],
      },
      { kind: 'heading', text: next('基本情况') },
      {
        kind: 'paragraphs',
        texts: facts.length > 0 ? facts : ['口径尚未审核，基本情况待核实后通报。'],
      },
      { kind: 'heading', text: next('处置情况') },
      steps.length > 0 ? { kind: 'list', items: steps } : { kind: 'paragraphs', texts: ['尚无处置记录。'] },
      { kind: 'heading', text: next('信息发布情况') },
      published.length > 0
        ? {
            kind: 'table',
            columns: [
              { header: '发布时间', width: 0.2 },
              { header: '类型', width: 0.2 },
              { header: '渠道', width: 0.2 },
              { header: '地址', width: 0.4 },
            ],
            rows: published.map((r) => [
              r.publishedAt ? formatDateTime(r.publishedAt) : '',
              RELEASE_KIND_LABELS[r.kind] ?? line(r.kind, 30),
              line(r.channel),
              address(r.url),
            ]),
          }
        : { kind: 'paragraphs', texts: ['尚未对外发布。'] },
      { kind: 'colophon', reportTo: [], copyTo: [], office, printed: `${formatDate(now)}印发` },
    ],
  };
}
