import { CaptureItem, ContractViolationError, PLATFORMS, REACH_TIERS } from '@yuqing/contracts';
import type { CaptureCandidate } from '@yuqing/ingestion-domain';
import { parseCsv } from './csv';

/** Column headers monitors use, in Chinese or as the API's field names. */
const HEADERS: Record<string, keyof Row> = {
  url: 'url',
  链接: 'url',
  网址: 'url',
  原文链接: 'url',
  platform: 'platform',
  平台: 'platform',
  reachtier: 'reachTier',
  影响层级: 'reachTier',
  媒体级别: 'reachTier',
  outlet: 'outlet',
  来源: 'outlet',
  媒体: 'outlet',
  来源媒体: 'outlet',
  author: 'author',
  作者: 'author',
  发帖人: 'author',
  title: 'title',
  标题: 'title',
  text: 'text',
  正文: 'text',
  内容: 'text',
  publishedat: 'publishedAt',
  发布时间: 'publishedAt',
  views: 'views',
  阅读: 'views',
  阅读量: 'views',
  reposts: 'reposts',
  转发: 'reposts',
  转发量: 'reposts',
  comments: 'comments',
  评论: 'comments',
  评论量: 'comments',
  likes: 'likes',
  点赞: 'likes',
  点赞量: 'likes',
};

interface Row {
  url: string;
  platform: string;
  reachTier: string;
  outlet: string;
  author: string;
  title: string;
  text: string;
  publishedAt: string;
  views: string;
  reposts: string;
  comments: string;
  likes: string;
}

/** A platform or reach tier given by its code or its Chinese name (微博, 省级媒体 …). */
function code(terms: Record<string, { zh: string }>, value: string): string {
  if (value in terms) return value;
  return (
    Object.entries(terms).find(([, term]) => term.zh === value || term.zh.startsWith(`${value} `))?.[0] ??
    value
  );
}

function count(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value.replace(/[,，]/g, ''));
  return Number.isFinite(n) ? n : Number.NaN;
}

export interface RowError {
  readonly row: number;
  readonly path: string;
  readonly message: string;
}

/**
 * A monitor's spreadsheet as capture candidates: one per valid row, and a report line for each problem of the
 * others (its row number, the column and what is wrong), so the monitor fixes those rows and sends them again.
 */
export function rowsToCandidates(csv: string): {
  candidates: { row: number; candidate: CaptureCandidate }[];
  errors: RowError[];
} {
  return tableToCandidates(parseCsv(csv));
}

/** The same for rows already read from a file (CSV or a workbook's first sheet), header first. */
export function tableToCandidates(table: readonly { line: number; cells: string[] }[]): {
  candidates: { row: number; candidate: CaptureCandidate }[];
  errors: RowError[];
} {
  const [header, ...rows] = table;
  if (!header)
    return { candidates: [], errors: [{ row: 1, path: '(header)', message: 'the file is empty' }] };
  const columns = header.cells.map(
    (name) => HEADERS[name.trim().replace(/\s+/g, '').toLowerCase()] ?? HEADERS[name.trim()],
  );
  const missing = (['url', 'title', 'outlet', 'platform'] as const).filter(
    (field) => !columns.includes(field),
  );
  if (missing.length > 0)
    return {
      candidates: [],
      errors: [{ row: header.line, path: '(header)', message: `missing columns: ${missing.join(', ')}` }],
    };
  const candidates: { row: number; candidate: CaptureCandidate }[] = [];
  const errors: RowError[] = [];
  for (const { line, cells } of rows) {
    const row: Partial<Row> = {};
    columns.forEach((field, i) => {
      if (field) row[field] = (cells[i] ?? '').trim();
    });
    const engagement = {
      views: count(row.views ?? ''),
      reposts: count(row.reposts ?? ''),
      comments: count(row.comments ?? ''),
      likes: count(row.likes ?? ''),
    };
    const defined = Object.fromEntries(Object.entries(engagement).filter(([, v]) => v !== undefined));
    try {
      candidates.push({
        row: line,
        candidate: CaptureItem.parse({
          url: row.url,
          platform: code(PLATFORMS, row.platform ?? ''),
          reachTier: code(REACH_TIERS, row.reachTier || 'local'),
          outlet: row.outlet,
          ...(row.author ? { author: row.author } : {}),
          title: row.title,
          text: row.text || row.title,
          ...(row.publishedAt ? { publishedAt: row.publishedAt } : {}),
          ...(Object.keys(defined).length > 0 ? { engagement: defined } : {}),
          captureMethod: 'manual',
        }),
      });
    } catch (error) {
      if (!(error instanceof ContractViolationError)) throw error;
      errors.push(
        ...error.issues.map((issue) => ({ row: line, path: issue.path || '(row)', message: issue.message })),
      );
    }
  }
  return { candidates, errors };
}
