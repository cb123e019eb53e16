import {
  ContractViolationError,
  eventCatalogue,
  MonitoringRuleDefined,
  type EventMetadata,
} from '@yuqing/contracts';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import { testDatabase } from '@yuqing/testing';
import { readModelMigrations } from '../read-models/schema';
import { ingestionProjection } from '../read-models/ingestion.projection';
import { CapturePipeline, IdempotencyKeyReusedError, type CaptureCandidate } from './capture-pipeline';

// The capture pipeline against real PostgreSQL: relevance, dedup, clustering and heat, as events.
const db = testDatabase('capture');
const words = new Map<string, readonly string[]>();
const store = new PostgresEventStore({
  pool: db.pool,
  schema: db.schema,
  inlineProjections: [ingestionProjection(db.schema, words)],
});
const now = new Date('2026-11-25T10:00:00+08:00');
const pipeline = new CapturePipeline(store, words, () => now);
const orgUnit = 'cn.yn.km.xs';
const actor = { kind: 'integrator' as const, id: 'crawler-7' };
const metadata: EventMetadata = {
  orgUnit,
  actor: { kind: 'user', id: 'admin-1', role: 'opinion-admin' },
  correlationId: 'setup',
};

const story =
  '近日有网友反映，西山区碧鸡街道某小区旁的河道污染严重，河水发黑发臭，居民多次投诉无人处理。记者实地走访发现，河道两侧堆满生活垃圾，' +
  '部分排污口直接向河道排放污水。附近居民表示，夏季气味尤其难闻。西山区生态环境分局工作人员回应称，已关注到相关情况，将组织人员开展调查。';

function item(overrides: Partial<CaptureCandidate>): CaptureCandidate {
  return {
    url: 'https://bbs.km.example.cn/thread/1001',
    platform: 'forum',
    reachTier: 'city-site',
    outlet: '昆明信息港论坛',
    title: '西山区碧鸡街道河道污染严重，居民投诉无人管',
    text: story,
    captureMethod: 'crawler',
    ...overrides,
  };
}

async function types(streamPrefix: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ event_type: string }>(
    `select event_type from ${db.schema}.events where stream_id like $1 order by global_position`,
    [`${streamPrefix}%`],
  );
  return rows.map((r) => r.event_type);
}

beforeAll(async () => {
  await migrate(db.pool, db.schema, [...store.migrations(), ...readModelMigrations(db.schema)]);
  await store.append(
    'ingestion-rule-xishan',
    [
      MonitoringRuleDefined.create({
        ruleId: 'xishan',
        ruleVersion: 1,
        name: '西山区环境与民生',
        expression: '(西山区 OR 碧鸡街道) AND (污染 OR 欠薪 OR 拆迁) NOT 广告',
        platforms: [],
        active: true,
      }),
    ],
    { expectedVersion: 'no_stream', metadata },
  );
});
afterAll(() => db.drop());

describe('capture pipeline', () => {
  let incidentId: string;

  it('captures a relevant item and opens an incident for it, with its heat', async () => {
    const [outcome] = await pipeline.capture({ orgUnit, actor, correlationId: 'c1', candidates: [item({})] });
    expect(outcome).toMatchObject({ status: 'captured', relation: 'new-incident' });
    incidentId = (outcome as { incidentId: string }).incidentId;
    expect(await types(`ingestion-incident-${incidentId}`)).toEqual([
      'ingestion.IncidentDetected',
      'ingestion.IncidentHeatChanged',
    ]);
    const { rows } = await db.pool.query(
      `select matched_terms, sentiment->>'polarity' as polarity from ${db.schema}.items`,
    );
    expect(rows).toEqual([{ matched_terms: ['西山区', '碧鸡街道', '污染'], polarity: 'negative' }]);
  });

  it('attaches reposts from other outlets to the same incident and widens its reach', async () => {
    const outcomes = await pipeline.capture({
      orgUnit,
      actor,
      correlationId: 'c2',
      candidates: [
        item({
          url: 'https://www.yunnan.example.cn/news/2026/1125/77.html',
          platform: 'news-site',
          reachTier: 'provincial-portal',
          outlet: '云南网',
          title: '【转载】西山区碧鸡街道河道污染严重，居民投诉无人管',
          text: `转载：${story} 来源：昆明信息港 编辑：李明`,
        }),
        item({
          url: 'https://weibo.example.com/u/88/status/9',
          platform: 'weibo',
          reachTier: 'individual-account',
          outlet: '春城热线',
          title: '西山区河道发黑发臭',
          text: `#西山区# ${story.slice(0, 90)}…… 转发扩散`,
        }),
      ],
    });
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'captured', incidentId, relation: 'near-duplicate' }),
      expect.objectContaining({ status: 'captured', incidentId }),
    ]);
    const { rows } = await db.pool.query(
      `select item_count, widest_reach from ${db.schema}.incidents where incident_id = $1`,
      [incidentId],
    );
    expect(rows[0]).toEqual({ item_count: 3, widest_reach: 'provincial-portal' });
  });

  it('keeps an unrelated relevant item out of that incident', async () => {
    const [outcome] = await pipeline.capture({
      orgUnit,
      actor,
      correlationId: 'c3',
      candidates: [
        item({
          url: 'https://bbs.km.example.cn/thread/2002',
          title: '西山区某工地拖欠农民工工资',
          text: '西山区某建筑工地多名农民工反映被欠薪三个月，讨薪无门，希望劳动监察部门介入。',
        }),
      ],
    });
    expect(outcome).toMatchObject({ status: 'captured', relation: 'new-incident' });
    expect((outcome as { incidentId: string }).incidentId).not.toBe(incidentId);
  });

  it('drops an exact duplicate (same address, tracking parameters aside) and notes it on the original', async () => {
    const [outcome] = await pipeline.capture({
      orgUnit,
      actor,
      correlationId: 'c4',
      candidates: [item({ url: 'https://bbs.km.example.cn/thread/1001?utm_source=wechat#reply' })],
    });
    expect(outcome).toMatchObject({ status: 'duplicate' });
    const original = (outcome as { duplicateOf: string }).duplicateOf;
    expect(await types(`ingestion-item-${original}`)).toEqual([
      'ingestion.ItemCaptured',
      'ingestion.DuplicateItemSeen',
    ]);
  });

  it('rejects an item no rule matches, and one an exclusion removes, with the reason', async () => {
    const outcomes = await pipeline.capture({
      orgUnit,
      actor,
      correlationId: 'c5',
      candidates: [
        item({
          url: 'https://bbs.km.example.cn/thread/3',
          title: '官渡区美食推荐',
          text: '官渡区新开了几家米线店，味道不错。',
        }),
        item({
          url: 'https://bbs.km.example.cn/thread/4',
          title: '西山区污染治理公司广告',
          text: '专业治理西山区河道污染，欢迎来电（广告）。',
        }),
      ],
    });
    expect(outcomes.map((o) => o.status === 'rejected' && o.reason)).toEqual([
      'no-rule-matched',
      'excluded-term',
    ]);
  });

  it('takes a monitor’s manual capture without rule matching', async () => {
    const [outcome] = await pipeline.capture({
      orgUnit,
      actor: { kind: 'user', id: 'monitor-3', role: 'monitor' },
      correlationId: 'c6',
      candidates: [
        item({
          url: 'https://qq.example.cn/group/5/msg/1',
          platform: 'qq-group',
          reachTier: 'local',
          outlet: 'QQ群 某小区业主群',
          title: '业主群里有人说要集体上访',
          text: '群里有人组织明天集体去街道反映物业问题。',
          captureMethod: 'manual',
        }),
      ],
    });
    expect(outcome).toMatchObject({ status: 'captured' });
  });

  it('answers a retried request with the same key with the first answer, appending nothing', async () => {
    const request = {
      orgUnit,
      actor,
      correlationId: 'c7',
      idempotencyKey: 'batch-77',
      candidates: [
        item({
          url: 'https://bbs.km.example.cn/thread/7',
          title: '西山区拆迁补偿问题',
          text: '西山区某村拆迁补偿标准引发村民质疑。',
        }),
      ],
    };
    const first = await pipeline.capture(request);
    const count = async () =>
      (await db.pool.query(`select count(*)::int as n from ${db.schema}.events`)).rows[0].n;
    const before = await count();
    expect(await pipeline.capture(request)).toEqual(first);
    expect(await count()).toBe(before);
    await expect(
      pipeline.capture({ ...request, candidates: [item({ url: 'https://bbs.km.example.cn/thread/8' })] }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('records the reach the catalogue knows for a known outlet, whatever the sender stated', async () => {
    const [outcome] = await pipeline.capture({
      orgUnit,
      actor,
      correlationId: 'c8',
      candidates: [
        item({
          url: 'http://yn.people.com.cn/n2/2026/1125/c372441-1.html',
          platform: 'news-site',
          reachTier: 'individual-account',
          outlet: '人民网云南频道',
          title: '西山区拆迁安置房质量问题调查',
          text: '人民网记者调查西山区某拆迁安置小区房屋质量问题，多户居民反映墙体开裂。',
        }),
      ],
    });
    const itemId = (outcome as { itemId: string }).itemId;
    const { rows } = await db.pool.query(`select reach_tier from ${db.schema}.items where item_id = $1`, [
      itemId,
    ]);
    expect(rows[0]).toEqual({ reach_tier: 'central-media' });
  });

  it('refuses, as the contract does, an item whose title is empty once normalised', async () => {
    await expect(
      pipeline.capture({
        orgUnit,
        actor,
        correlationId: 'c9',
        candidates: [item({ url: 'https://bbs.km.example.cn/thread/9', title: '\u200b\u200b' })],
      }),
    ).rejects.toBeInstanceOf(ContractViolationError);
  });

  it('writes only events that their contracts accept unchanged (the pipeline builds them without re-parsing)', async () => {
    const { rows } = await db.pool.query<{ event_type: string; schema_version: number; data: unknown }>(
      `select event_type, schema_version, data from ${db.schema}.events order by global_position`,
    );
    expect(new Set(rows.map((r) => r.event_type))).toEqual(
      new Set([
        'ingestion.MonitoringRuleDefined',
        'ingestion.ItemCaptured',
        'ingestion.IncidentDetected',
        'ingestion.ItemAttachedToIncident',
        'ingestion.IncidentHeatChanged',
        'ingestion.DuplicateItemSeen',
        'ingestion.ItemRejected',
      ]),
    );
    for (const row of rows)
      expect(eventCatalogue.get(row.event_type, row.schema_version).parse(row.data)).toEqual(row.data);
  });
});
