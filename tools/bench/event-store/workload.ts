// The events both stores write: the same type, payload and metadata shape on each side, so that the figures
// compare the stores and not the data.
import type { EventMetadata } from '@yuqing/contracts';

export const EVENT_TYPE = 'ingestion.ItemCaptured';

/** A captured item, shaped like ingestion.ItemCaptured: a Chinese title and body, a few fields. */
export interface ItemCapturedData {
  readonly [key: string]: unknown;
  readonly seq: number;
  readonly itemId: string;
  readonly url: string;
  readonly platform: string;
  readonly reachTier: string;
  readonly outlet: string;
  readonly title: string;
  readonly text: string;
  readonly publishedAt: string;
  readonly engagement: { readonly likes: number; readonly reposts: number; readonly comments: number };
  readonly captureMethod: string;
}

export interface BenchEvent {
  readonly type: string;
  readonly data: ItemCapturedData;
  readonly metadata: EventMetadata;
}

const TITLES = [
  '某市地铁站突发火情，多名乘客有序疏散',
  '网传某小区自来水出现异味，水务部门回应',
  '暴雨致城区多处积水，交通部门发布出行提示',
  '某校食堂食品安全问题引发家长关注',
  '景区门票涨价传闻，文旅局：不属实',
];

const BODIES = [
  '今日上午，有网友发布视频称该站台出现浓烟，现场工作人员组织乘客疏散，目前暂无人员伤亡报告。',
  '多名居民反映家中自来水有异味，水务公司表示已派员取样检测，将及时公布结果。',
  '受强降雨影响，城区多条道路积水严重，请市民尽量避免前往低洼路段。',
];

/** Metadata that eventMetadataSchema accepts: org unit, actor, correlation id. */
export function benchMetadata(writer: number): EventMetadata {
  return {
    orgUnit: 'org-city-propaganda-dept',
    actor: { kind: 'service', id: 'ingestion-crawler' },
    correlationId: `bench-correlation-${writer}`,
  };
}

export function benchEvent(seq: number, writer: number): BenchEvent {
  const i = Math.abs(seq) % TITLES.length;
  return {
    type: EVENT_TYPE,
    data: {
      seq,
      itemId: `item-${writer}-${seq}`,
      url: `https://news.example.invalid/a/${seq}`,
      platform: 'weibo',
      reachTier: 'regional',
      outlet: '某市发布',
      title: TITLES[i]!,
      text: BODIES[Math.abs(seq) % BODIES.length]!,
      publishedAt: '2025-06-01T08:30:00.000Z',
      engagement: { likes: 120 + (seq % 50), reposts: 30, comments: 12 },
      captureMethod: 'api',
    },
    metadata: benchMetadata(writer),
  };
}

export function benchBatch(firstSeq: number, size: number, writer: number): BenchEvent[] {
  return Array.from({ length: size }, (_, k) => benchEvent(firstSeq + k, writer));
}

/** The JSON sizes of one event, for the report. */
export function eventSizes(): { dataBytes: number; metadataBytes: number } {
  const event = benchEvent(12345, 1);
  return {
    dataBytes: Buffer.byteLength(JSON.stringify(event.data)),
    metadataBytes: Buffer.byteLength(JSON.stringify(event.metadata)),
  };
}
