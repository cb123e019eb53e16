import { CASE_ENTRY_KINDS, GRADE_LEVELS, type GradeLevel } from '@yuqing/contracts';
import {
  cleanLine,
  cleanText,
  formatDateTime,
  paragraphsOf,
  type ListItem,
  type Outline,
} from '@yuqing/documents';
import type { CanonicalEvent } from '@yuqing/event-store';

// The readable part of an exported case file (case.pdf): the case's heading and one numbered line per event of
// its archive stream, in the same order as events.jsonl (item n is stream position n), each with its kind, time
// (Beijing, as documents write it), summary and the link to the event it was filed from. Built from the very
// events exported, so the PDF and the JSON lines cannot disagree. Summaries quote captured content: every string
// passes cleanLine/cleanText (controls and bidi overrides stripped, bounded) before the PDF writer sees it.

/** How long each part may be, in code points. */
/** `entries`: a PDF a reader can page through; events.jsonl always holds every event. */
const LIMITS = { name: 100, summary: 300, summaryPart: 3000, entries: 3000 } as const;

/** What the heading says about the case, from its read model. */
export interface CaseHeading {
  readonly caseId: string;
  readonly orgUnit: string;
  readonly title: string | null;
  readonly status: 'open' | 'closed';
  readonly level: string | null;
  readonly exceptional: boolean;
  readonly category: string | null;
}

export interface ExportInfo {
  readonly exportedAt: Date;
  readonly exporter: string;
  readonly policyVersion: string;
  readonly headHash: string;
}

const READ_PURPOSES: Readonly<Record<string, string>> = { view: '查阅', export: '导出', 'as-of': '时点回溯' };
const ACTOR_KINDS: Readonly<Record<string, string>> = { user: '', service: '服务 ', integrator: '接入方 ' };
const SUMMARY_PARTS = [
  ['whatHappened', '事件经过'],
  ['handling', '处置情况'],
  ['lessons', '经验教训'],
  ['outlook', '研判展望'],
] as const;

type Json = Record<string, unknown>;

const line = (value: unknown, max: number = LIMITS.name): string =>
  (typeof value === 'string' ? cleanLine(value, max) : '') || '—';

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function parse(text: string): Json {
  try {
    return object(JSON.parse(text));
  } catch {
    return {};
  }
}

function at(value: unknown): string {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? formatDateTime(date) : '—';
}

function levelLabel(level: string | null, exceptional: boolean): string {
  if (exceptional) return '特别重大';
  if (level && level in GRADE_LEVELS) return GRADE_LEVELS[level as GradeLevel].zh.replace(/\s*\(.*$/, '');
  return '未定级';
}

/** The link to the event an entry was filed from: context, stream, position, hash. */
function sourceLink(source: Json): string {
  const hash = typeof source['hash'] === 'string' ? line(source['hash'], 64) : '（发布方未提供）';
  return `来源：${line(source['context'], 20)} · ${line(source['streamId'])} 第${Number(source['streamPosition']) || '—'}位 · ${line(source['eventType'])} · 哈希 ${hash}`;
}

/** Kind, summary and source of one archive event. */
function describe(
  event: CanonicalEvent,
  data: Json,
  actor: Json,
): { kind: string; summary: string; source?: string } {
  switch (event.eventType) {
    case 'archive.CaseOpened':
      return {
        kind: '立卷',
        summary: `为事件 ${line(data['incidentId'])} 建立案卷`,
        source: sourceLink(object(data['source'])),
      };
    case 'archive.CaseEntryFiled': {
      const kind =
        CASE_ENTRY_KINDS[data['entryKind'] as keyof typeof CASE_ENTRY_KINDS] ?? line(data['entryKind'], 40);
      return {
        kind,
        summary: line(data['summary'], LIMITS.summary),
        source: sourceLink(object(data['source'])),
      };
    }
    case 'archive.CaseClosed':
      return {
        kind: '结案',
        summary: `级别：${levelLabel(typeof data['level'] === 'string' ? data['level'] : null, data['exceptional'] === true)}；类别：${line(data['category'], 50)}`,
      };
    case 'archive.CaseReopened': {
      const source = object(data['source']);
      return {
        kind: '重新开卷',
        summary: line(data['reason'], LIMITS.summary),
        ...(Object.keys(source).length > 0 ? { source: sourceLink(source) } : {}),
      };
    }
    case 'archive.CaseFileAccessed':
      return {
        kind: `调阅（${READ_PURPOSES[String(data['purpose'])] ?? line(data['purpose'], 20)}）`,
        summary: `${ACTOR_KINDS[String(actor['kind'])] ?? ''}${line(actor['id'])}${actor['role'] ? `（${line(actor['role'], 40)}）` : ''}`,
      };
    default:
      return { kind: line(event.eventType), summary: '' };
  }
}

function entryOf(event: CanonicalEvent): ListItem {
  const data = parse(event.dataText);
  const actor = object(parse(event.metadataText)['actor']);
  const { kind, summary, source } = describe(event, data, actor);
  const recorded = new Date(Number(BigInt(event.recordedAtMicros) / 1000n));
  const occurred = typeof data['occurredAt'] === 'string' ? at(data['occurredAt']) : formatDateTime(recorded);
  const archived = `本卷：第${event.streamPosition}位 · 事件 ${event.eventId} · 哈希 ${event.hash}`;
  return {
    text: `【${kind}】${occurred}　${summary}`,
    detail: source ? `${source}\n${archived}` : archived,
  };
}

/** The handling summary a case was closed with (第二十六条), from its last closing. */
function closingSummary(events: readonly CanonicalEvent[]): string[] {
  const closing = [...events].reverse().find((e) => e.eventType === 'archive.CaseClosed');
  const summary = closing ? object(parse(closing.dataText)['summary']) : {};
  return SUMMARY_PARTS.flatMap(([key, label]) => {
    const text = typeof summary[key] === 'string' ? cleanText(summary[key], LIMITS.summaryPart) : '';
    return text ? paragraphsOf(`${label}：${text}`) : [];
  });
}

/** The case file as a document outline, for renderPdf. */
export function caseFileOutline(
  heading: CaseHeading,
  events: readonly CanonicalEvent[],
  info: ExportInfo,
): Outline {
  const title = line(heading.title, LIMITS.name);
  const summary = closingSummary(events);
  return {
    info: {
      title: `案卷 ${title}`,
      author: line(heading.orgUnit),
      subject: '案卷（导出）',
      createdAt: info.exportedAt,
    },
    blocks: [
      { kind: 'title', text: '案　卷', subtitle: title },
      {
        kind: 'fields',
        items: [
          { label: '案卷编号', value: line(heading.caseId) },
          { label: '承办单位', value: line(heading.orgUnit) },
          { label: '状态', value: heading.status === 'closed' ? '已结案' : '办理中' },
          { label: '级别', value: levelLabel(heading.level, heading.exceptional) },
          { label: '类别', value: line(heading.category, 50) },
          { label: '导出时间', value: formatDateTime(info.exportedAt) },
          { label: '导出人', value: line(info.exporter) },
          { label: '规则版本', value: line(info.policyVersion) },
          { label: '条目数', value: String(events.length) },
          { label: '末条哈希', value: info.headHash || '—' },
        ],
      },
      { kind: 'heading', text: '一、案卷条目（按记录顺序，序号即案卷流位置）' },
      events.length > 0
        ? { kind: 'list', items: events.slice(0, LIMITS.entries).map(entryOf) }
        : { kind: 'paragraphs', texts: ['无。'] },
      ...(events.length > LIMITS.entries
        ? ([
            {
              kind: 'paragraphs',
              texts: [
                `以上列出前${LIMITS.entries}条；其余${events.length - LIMITS.entries}条见 events.jsonl。`,
              ],
            },
          ] as const)
        : []),
      ...(summary.length > 0
        ? ([
            { kind: 'heading', text: '二、总结与反思' },
            { kind: 'paragraphs', texts: summary },
          ] as const)
        : []),
      {
        kind: 'paragraphs',
        texts: [
          '本案卷属工作秘密（第三十条），每次调阅均已记录。所附 events.jsonl 与 manifest.json 可离线核验：npm run audit:verify -- --case-file <文件>。',
        ],
      },
    ],
  };
}
