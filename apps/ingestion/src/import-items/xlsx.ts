import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';

/**
 * The first worksheet of an XLSX workbook as rows of text, enough for a monitor's spreadsheet of items:
 * shared and inline strings, numbers, booleans. Hostile files are bounded (no zip bombs): at most `maxParts`
 * entries, only the parts needed are decompressed (workbook, relationships, shared strings, the first sheet), each
 * at most `maxPartBytes` and together at most `maxTotalBytes` uncompressed, and at most `maxRows` rows.
 */
export class XlsxError extends Error {
  constructor(reason: string) {
    super(`not a readable XLSX workbook: ${reason}`);
    this.name = 'XlsxError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  processEntities: true,
  ignoreDeclaration: true,
  isArray: (name) => ['si', 'r', 'row', 'c', 'sheet', 'Relationship'].includes(name),
  parseTagValue: false,
});

type Node = Record<string, unknown>;
const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) return value.map(text).join('');
  const node = value as Node;
  if ('#text' in node) return text(node['#text']);
  // Rich text: <si><r><t>…</t></r><r><t>…</t></r></si>
  if ('r' in node) return text((node.r as Node[]).map((run) => run.t));
  if ('t' in node) return text(node.t);
  return '';
};

/** Column letters of a cell reference to a 0-based index: A1 → 0, AB7 → 27. */
function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  return [...letters].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0) - 1;
}

/** The workbook is more than the import will unpack: 413, not memory exhaustion. */
export class XlsxTooLargeError extends XlsxError {
  constructor(reason: string) {
    super(reason);
    this.name = 'XlsxTooLargeError';
  }
}

export interface XlsxLimits {
  /** Uncompressed bytes of one part. */
  readonly maxPartBytes?: number;
  /** Uncompressed bytes of every part unpacked together. */
  readonly maxTotalBytes?: number;
  /** Entries in the archive: a workbook has a few dozen; tens of thousands only make the reader loop. */
  readonly maxParts?: number;
  readonly maxRows?: number;
}

/** The named parts of the archive, unpacked within the limits; `total` carries the bytes unpacked so far. */
function unpack(
  data: Uint8Array,
  wanted: (name: string) => boolean,
  limits: Required<Omit<XlsxLimits, 'maxRows'>>,
  total: { bytes: number },
): Record<string, Uint8Array> {
  let entries = 0;
  try {
    return unzipSync(data, {
      filter: (file) => {
        if (++entries > limits.maxParts) throw new XlsxTooLargeError(`more than ${limits.maxParts} parts`);
        if (!wanted(file.name)) return false;
        if (file.originalSize > limits.maxPartBytes)
          throw new XlsxTooLargeError(`${file.name} is larger than ${limits.maxPartBytes} bytes`);
        // The declared size bounds what fflate writes into its output buffer, so it bounds memory too.
        total.bytes += file.originalSize;
        if (total.bytes > limits.maxTotalBytes)
          throw new XlsxTooLargeError(`its parts unpack to more than ${limits.maxTotalBytes} bytes`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    throw new XlsxError('it is not a zip archive');
  }
}

export function readXlsx(data: Uint8Array, options: XlsxLimits = {}): { line: number; cells: string[] }[] {
  const limits = {
    maxPartBytes: options.maxPartBytes ?? 20 * 1024 * 1024,
    maxTotalBytes: options.maxTotalBytes ?? 40 * 1024 * 1024,
    maxParts: options.maxParts ?? 1000,
  };
  const maxRows = options.maxRows ?? 5000;
  const total = { bytes: 0 };
  // Two passes: the workbook and its relationships name the first sheet; then only that sheet and the strings.
  const parts = unpack(
    data,
    (name) => name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels',
    limits,
    total,
  );
  const xml = (name: string): Node | undefined =>
    parts[name] ? (parser.parse(Buffer.from(parts[name]!).toString('utf8')) as Node) : undefined;
  const workbook = xml('xl/workbook.xml');
  if (!workbook) throw new XlsxError('xl/workbook.xml is missing');
  const firstSheet = ((workbook.workbook as Node)?.sheets as Node)?.sheet as Node[] | undefined;
  const relId = firstSheet?.[0]?.['@r:id'] as string | undefined;
  const rels =
    ((xml('xl/_rels/workbook.xml.rels')?.Relationships as Node)?.Relationship as Node[] | undefined) ?? [];
  const target =
    (rels.find((r) => r['@Id'] === relId)?.['@Target'] as string | undefined)?.replace(/^\/?xl\//, '') ??
    'worksheets/sheet1.xml';
  Object.assign(
    parts,
    unpack(data, (name) => name === 'xl/sharedStrings.xml' || name === `xl/${target}`, limits, total),
  );
  const sheet = xml(`xl/${target}`);
  if (!sheet) throw new XlsxError(`the first worksheet (${target}) is missing`);
  const shared = (((xml('xl/sharedStrings.xml')?.sst as Node)?.si as unknown[]) ?? []).map(text);

  const rows = (((sheet.worksheet as Node)?.sheetData as Node)?.row as Node[] | undefined) ?? [];
  if (rows.length > maxRows + 1) throw new XlsxError(`more than ${maxRows} rows`);
  return rows.flatMap((row) => {
    const cells: string[] = [];
    for (const cell of (row.c as Node[] | undefined) ?? []) {
      const index = columnIndex(String(cell['@r'] ?? ''));
      if (index > 200) continue;
      const type = cell['@t'];
      const value =
        type === 's'
          ? (shared[Number(text(cell.v))] ?? '')
          : type === 'inlineStr'
            ? text(cell.is)
            : type === 'b'
              ? text(cell.v) === '1'
                ? 'TRUE'
                : 'FALSE'
              : text(cell.v);
      cells[index] = value;
    }
    const filled = Array.from({ length: cells.length }, (_, i) => cells[i] ?? '');
    return filled.some((value) => value !== '') ? [{ line: Number(row['@r'] ?? 0), cells: filled }] : [];
  });
}
