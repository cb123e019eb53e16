import {
  ContractViolationError,
  eventCatalogue,
  MonitoringRuleDefined,
  type EventData,
  type EventMetadata,
  type ItemAttachedToIncident,
} from '@yuqing/contracts';
import { EVENT_CLUSTERING } from '@yuqing/ingestion-domain';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import {
  commandMigrations,
  CommandPipeline,
  IdempotencyKeyReusedError,
  IdempotencyStore,
} from '@yuqing/service-kit';
import { testDatabase } from '@yuqing/testing';
import { readModelMigrations } from '../read-models/schema';
import { projections } from '../read-models';
import { CaptureService, type CaptureCandidate, type CaptureRequest } from './capture';
import { CaptureItemsCommand } from './capture-items.command';
import { CaptureItemsHandler, captureItemsOptions } from './capture-items.handler';

// The capture pipeline against real PostgreSQL: relevance, dedup, clustering and heat, as events.
const db = testDatabase('capture');
const words = new Map<string, readonly string[]>();
const store = new PostgresEventStore({
  pool: db.pool,
  schema: db.schema,
  projections: projections(db.schema, words),
});
const now = new Date('2026-11-25T10:00:00+08:00');
const pipeline = new CaptureService(store, words, () => now);
/** Capture as the API runs it: on the command pipeline, where an Idempotency-Key is honoured. */
const commands = new CommandPipeline(store, new IdempotencyStore(db.pool, db.schema), { now: () => now });
const handler = new CaptureItemsHandler(pipeline);
const keyed = {
  capture: async (request: CaptureRequest & { idempotencyKey: string }) =>
    (
      await commands.run(
        new CaptureItemsCommand(
          { orgUnit: request.orgUnit, items: [...request.candidates] },
          {
            actor: request.actor,
            caller: { kind: request.actor.kind, id: request.actor.id },
            orgUnit: request.orgUnit,
            scope: [request.orgUnit],
            correlationId: request.correlationId,
            idempotencyKey: request.idempotencyKey,
          },
        ),
        handler,
        captureItemsOptions,
      )
    ).outcomes,
};
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
  await migrate(db.pool, db.schema, [
    ...store.migrations(),
    ...commandMigrations(db.schema),
    ...readModelMigrations(db.schema),
  ]);
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
    const first = await keyed.capture(request);
    const count = async () =>
      (await db.pool.query(`select count(*)::int as n from ${db.schema}.events`)).rows[0].n;
    const before = await count();
    expect(await keyed.capture(request)).toEqual(first);
    expect(await count()).toBe(before);
    await expect(
      keyed.capture({ ...request, candidates: [item({ url: 'https://bbs.km.example.cn/thread/8' })] }),
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

describe('clustering@2: one event in other words is one incident', () => {
  // Another unit, so the incidents above are not candidates; entered by a monitor, so relevance is not judged.
  const unit = 'cn.yn.km.yl';
  const monitor = { kind: 'user' as const, id: 'yl-monitor-1', role: 'monitor' as const };
  const capture = async (candidate: Partial<CaptureCandidate>) => {
    const [outcome] = await pipeline.capture({
      orgUnit: unit,
      actor: monitor,
      correlationId: `event-${candidate.url}`,
      candidates: [item({ captureMethod: 'manual', ...candidate })],
    });
    if (outcome?.status !== 'captured') throw new Error(`not captured: ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('joins a post, the official reply and a provincial report, and keeps another event of the town apart', async () => {
    const post = await capture({
      url: 'https://bbs.yiliang.example.cn/thread-3301.html',
      platform: 'forum',
      reachTier: 'local',
      outlet: '宜良论坛',
      title: '北大街塌了个大坑，电动车差点掉进去，有没有人管？',
      text:
        '今天早上路过北大街，金鼎花园门口的路面塌了个大坑，前面一辆电动车差点连人带车掉进去。就拿几个雪糕筒围着，' +
        '晚上黑灯瞎火的太危险了。前几天刚挖开埋水管，填完没几天就陷下去了。',
    });
    const reply = await capture({
      url: 'https://www.kmyl.gov.cn/c/2026-10-03/4411.shtml',
      platform: 'portal',
      reachTier: 'local',
      outlet: '宜良县人民政府网',
      title: '关于网民反映匡远街道北大街路面塌陷问题的回复',
      text:
        '您好！针对您反映的匡远街道北大街金鼎花园路段路面塌陷问题，县交通运输局高度重视。经核实，塌陷系供水管网施工后' +
        '回填不实、雨后下沉所致。目前已设置围挡和警示标志，抢修工作正在进行，预计三日内完成修复。感谢您的监督。',
    });
    const provincial = await capture({
      url: 'https://society.yunnan.cn/system/2026/10/03/032211.shtml',
      platform: 'news-site',
      reachTier: 'provincial-portal',
      outlet: '云南网',
      title: '宜良县城一路段突发塌陷 骑车市民险些跌入',
      text:
        '3日早上，宜良县匡远街道北大街一处路面突然下陷，形成一个深约一米的大坑，一名骑电动车的市民险些跌入。记者在现场看到，' +
        '塌陷处位于金鼎花园小区门口，已用围挡隔开。附近商户称，此前这里刚进行过供水管道施工。县交通运输局表示正在抢修。',
    });
    const wages = await capture({
      url: 'https://bbs.yiliang.example.cn/thread-3302.html',
      platform: 'forum',
      reachTier: 'local',
      outlet: '宜良论坛',
      title: '匡远街道一工地拖欠农民工工资四个月',
      text: '宜良县匡远街道一处建筑工地二十多名农民工反映被拖欠工资四个月，多次讨要无果，希望劳动监察部门介入处理。',
    });

    expect(post.relation).toBe('new-incident');
    expect([reply, provincial].map((o) => [o.incidentId, o.relation])).toEqual([
      [post.incidentId, 'same-event'],
      [post.incidentId, 'same-event'],
    ]);
    expect(wages.relation).toBe('new-incident');
    expect(wages.incidentId).not.toBe(post.incidentId);

    const { rows } = await db.pool.query(
      `select incident_id, item_count, widest_reach from ${db.schema}.incidents where org_unit = $1 order by detected_at, incident_id`,
      [unit],
    );
    expect(rows).toEqual([
      { incident_id: post.incidentId, item_count: 3, widest_reach: 'provincial-portal' },
      { incident_id: wages.incidentId, item_count: 1, widest_reach: 'local' },
    ]);
  });

  it('records in the attachment what matched: score, places and terms, and the clustering version', async () => {
    const { rows } = await db.pool.query<{ data: EventData<typeof ItemAttachedToIncident> }>(
      `select data from ${db.schema}.events e where event_type = 'ingestion.ItemAttachedToIncident'
          and metadata->>'orgUnit' = $1 order by global_position`,
      [unit],
    );
    expect(rows).toHaveLength(2);
    for (const { data } of rows) {
      expect(data.ruleSetVersion).toBe('clustering@2');
      expect(data.similarity).toBeGreaterThanOrEqual(EVENT_CLUSTERING.threshold);
      expect(data.matched?.places).toEqual(expect.arrayContaining(['金鼎花园']));
      expect(data.matched?.terms).toEqual(expect.arrayContaining(['北大街', '路面']));
    }
  });
});
