import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';

/** One entry of an RSS 2.0 or Atom feed, as text (HTML in descriptions is made safe later by the pipeline). */
export interface FeedEntry {
  readonly link: string;
  readonly title: string;
  readonly content: string;
  readonly author?: string;
  readonly publishedAt?: string;
}

export class FeedParseError extends Error {
  constructor(reason: string) {
    super(`not a readable RSS or Atom feed: ${reason}`);
    this.name = 'FeedParseError';
  }
}

const CHINESE = new Set(['gbk', 'gb2312', 'gb18030', 'x-gbk', 'cp936']);

/** The feed's characters: charset from the HTTP header, else the XML declaration, else UTF-8. GBK family read as GB18030. */
export function decodeFeed(body: Buffer, contentType?: string): string {
  const fromHeader = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
  const head = body.subarray(0, 200).toString('latin1');
  const fromDeclaration = /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1];
  const charset = (fromHeader ?? fromDeclaration ?? 'utf-8').toLowerCase();
  if (CHINESE.has(charset)) return iconv.decode(body, 'gb18030');
  if (charset === 'utf-8' || charset === 'utf8') return body.toString('utf8').replace(/^\ufeff/, '');
  if (iconv.encodingExists(charset)) return iconv.decode(body, charset);
  throw new FeedParseError(`unknown charset ${charset}`);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  // Entity bombs: fast-xml-parser never fetches external entities and bounds the expansion of DTD entities
  // (its defaults); the document itself is bounded to 5 MB by the fetch.
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  if (typeof value === 'object' && '#text' in (value as object))
    return String((value as { '#text': unknown })['#text']).trim();
  return '';
}

function toIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Entries of an RSS 2.0 or Atom document; throws FeedParseError for anything else. At most `max` entries. */
export function parseFeed(xml: string, max = 200): FeedEntry[] {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new FeedParseError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const rss = doc.rss as { channel?: { item?: Record<string, unknown>[] } } | undefined;
  const atom = doc.feed as { entry?: Record<string, unknown>[] } | undefined;
  if (rss?.channel) {
    return (rss.channel.item ?? []).slice(0, max).flatMap((item) => {
      const link = text((item.link as unknown[] | undefined)?.[0]) || text(item.guid);
      if (!link) return [];
      const author = text(item['dc:creator']) || text(item.author);
      const publishedAt = toIso(text(item.pubDate) || text(item['dc:date']));
      return [
        {
          link,
          title: text(item.title),
          content: text(item['content:encoded']) || text(item.description),
          ...(author ? { author } : {}),
          ...(publishedAt ? { publishedAt } : {}),
        },
      ];
    });
  }
  if (atom && typeof atom === 'object') {
    return (atom.entry ?? []).slice(0, max).flatMap((entry) => {
      const links = (entry.link as { '@href'?: string; '@rel'?: string }[] | undefined) ?? [];
      const link = (links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0])?.['@href'] ?? '';
      if (!link) return [];
      const author = text((entry.author as { name?: unknown } | undefined)?.name);
      const publishedAt = toIso(text(entry.published) || text(entry.updated));
      return [
        {
          link,
          title: text(entry.title),
          content: text(entry.content) || text(entry.summary),
          ...(author ? { author } : {}),
          ...(publishedAt ? { publishedAt } : {}),
        },
      ];
    });
  }
  throw new FeedParseError('no <rss><channel> or <feed> element');
}
