import { WRITTEN_REQUEST_TITLES, type WrittenRequestKind } from './written-request.kinds';

// The written request as a document (Markdown). What the units wrote is hostile as far as a renderer is
// concerned: every piece of it is escaped, so it reads as text and never as markup, links or HTML.

export interface WrittenRequestDocumentInput {
  readonly kind: WrittenRequestKind;
  readonly article: string;
  readonly subject: string;
  readonly body: string;
  readonly orgUnit: string;
  readonly approverUnit: string;
  readonly incidentId?: string;
  readonly filedAt: string;
  readonly dueAt: string;
}

/** Markdown metacharacters and HTML: backslash-escaped, or as entities. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`);
}

/** A moment as Beijing time (the documents' readers are there), e.g. `2026-12-07 14:30 (北京时间)`. */
export function beijingTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} (北京时间)`;
}

export function renderWrittenRequest(input: WrittenRequestDocumentInput): string {
  const paragraphs = input.body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map(escapeMarkdown);
  return [
    `# ${WRITTEN_REQUEST_TITLES[input.kind]}`,
    '',
    `## ${escapeMarkdown(input.subject)}`,
    '',
    `- 报送单位：${escapeMarkdown(input.orgUnit)}`,
    `- 主送单位：${escapeMarkdown(input.approverUnit)}`,
    `- 涉及事件：${input.incidentId ? escapeMarkdown(input.incidentId) : '无'}`,
    `- 依据：${escapeMarkdown(input.article)}`,
    `- 报送时间：${beijingTime(input.filedAt)}`,
    `- 请于 ${beijingTime(input.dueAt)} 前答复`,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    input.kind === 'press-conference' || input.kind === 'level-2-consultation'
      ? '妥否，请批示。'
      : '特此报告，请予协调。',
    '',
  ].join('\n');
}
