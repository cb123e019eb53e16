import { uuidv7 } from '@yuqing/event-store';
import { eventually, startPlatform, type RunningPlatform, gatewayClient } from '@yuqing/testing';

// A monitor corrects clustering (合并, 拆分) and grading and reporting follow, end to end through the gateway as the
// console calls it. Merge: two 一级 incidents, each owing a phone flash and a paper flash, are merged; the survivor
// is left with exactly one open obligation per kind, at the earlier of the two deadlines, and the merged-away
// incident with none; every obligation withdrawn or carried over cites the merge (the IncidentsMerged event, as
// grading received it). Split: an item merged in by mistake is split off again; the new incident is graded on its
// own item, the original keeps its grade in force.

const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
const L1 = { level: 'level-1', exceptional: false };
const L3 = { level: 'level-3', exceptional: false };

interface Obligation {
  obligationId: string;
  incidentId: string;
  kind: string;
  standing: string;
  dueAt: string;
  cancelledReason: string | null;
  keptObligationId: string | null;
  carriedOverFrom: string | null;
  mergeEventId: string | null;
  /** Opened on a 一级 proposal and not yet made firm by the authority's grade (第十三条). */
  provisional: boolean;
}

let platform: RunningPlatform;
const { as, call } = gatewayClient(() => platform);

/** The city internet office transfers an item down to the county (转办): it forms an incident of its own. */
async function transfer(item: {
  url: string;
  platform: string;
  reachTier: string;
  outlet: string;
  title: string;
  text: string;
}): Promise<{ itemId: string; incidentId: string }> {
  const n = uuidv7();
  const response = await call('POST', '/api/ingestion/transfers', await as('internet-office', CITY), {
    orgUnit: COUNTY,
    transferReference: `e2e-merge-${n}`,
    respondBy: new Date(Date.now() + 86_400_000).toISOString(),
    item: { ...item, url: `${item.url}?e2e=${n}`, title: `${item.title} ${n}`, captureMethod: 'manual' },
  });
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ status: 'captured' });
  return { itemId: response.body.itemId as string, incidentId: response.body.incidentId as string };
}

/** Two items about clearly different things: clustering keeps them apart, whatever its version. */
const ROAD = {
  url: 'http://www.people.com.cn/n1/2026/e2e-road.html',
  platform: 'news-site',
  reachTier: 'central-media',
  outlet: '人民网',
  title: '云南宜良：城区路面塌陷多日无人管',
  text: '宜良县城区一路段塌陷，车辆受损，网民质疑有关部门处置迟缓。',
};
const CANTEEN = {
  url: 'http://www.news.cn/local/2026/e2e-canteen.htm',
  platform: 'news-site',
  reachTier: 'central-media',
  outlet: '新华网',
  title: '宜良一中学食堂被指饭菜变质，家长联名投诉',
  text: '多名家长反映宜良县某中学食堂饭菜变质，学生出现腹痛，要求教育部门彻查供餐公司。',
};
const RESERVOIR = {
  url: 'http://www.people.com.cn/n1/2026/e2e-reservoir.html',
  platform: 'news-site',
  reachTier: 'central-media',
  outlet: '人民网',
  title: '宜良县一水库堤坝渗水，下游村民连夜转移',
  text: '宜良县某小型水库堤坝出现渗水，下游两个村的村民被连夜转移，村民质疑水库长期缺乏维护。',
};
const FORUM = {
  url: 'https://bbs.example.cn/thread/e2e-bus',
  platform: 'forum',
  reachTier: 'city-site',
  outlet: '宜良论坛',
  title: '宜良县城乡公交末班车提前收车，乘客滞留站台',
  text: '网友发帖称宜良县城乡公交末班车经常提前半小时收车，晚归乘客滞留站台无车可乘。',
};

/** The open proposal grading makes for an incident. */
async function proposalOf(
  incidentId: string,
): Promise<{ proposalId: string; grade: unknown; evidence: unknown }> {
  const authority = await as('grading-authority', CITY);
  return eventually(
    `grading to propose a grade for ${incidentId}`,
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${incidentId}`, authority);
      const open = incident.body.openProposal as {
        proposalId: string;
        grade: unknown;
        evidence: unknown;
      } | null;
      return incident.status === 200 && open ? open : undefined;
    },
    // Measured 0.1–6.2 s (the longest the first, while grading's consumer joins its group); 30 s leaves room for
    // a loaded machine.
    30_000,
  );
}

/** The grading authority confirms what grading proposed, which must be `grade`. */
async function confirm(incidentId: string, grade: unknown): Promise<void> {
  const proposal = await proposalOf(incidentId);
  expect(proposal.grade).toEqual(grade);
  const confirmed = await call(
    'POST',
    `/api/grading/incidents/${incidentId}/grade-confirmations`,
    await as('grading-authority', CITY),
    { proposalId: proposal.proposalId, grade: proposal.grade },
  );
  expect(confirmed.status).toBe(201);
}

async function obligationsOf(incidentId: string): Promise<Obligation[]> {
  const listed = await call(
    'GET',
    `/api/reporting/obligations?incidentId=${incidentId}`,
    await as('opinion-admin', COUNTY),
  );
  expect(listed.status).toBe(200);
  return listed.body.obligations as Obligation[];
}

const isOpen = (o: Obligation) => o.standing === 'pending' || o.standing === 'overdue';

beforeAll(async () => {
  platform = await startPlatform();
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

it('merges two 一级 incidents into one set of obligations: one open per kind, the earlier deadline kept, the merge cited', async () => {
  // Two reports that opened two incidents, each graded 一级 by the grading authority.
  const road = await transfer(ROAD);
  const canteen = await transfer(CANTEEN);
  expect(canteen.incidentId).not.toBe(road.incidentId);
  await confirm(road.incidentId, L1);
  await confirm(canteen.incidentId, L1);

  // Each owes a phone flash and a paper flash (and, carried by central media, a report to the province).
  const flashes = async (incidentId: string) =>
    eventually(
      `the flash obligations of ${incidentId}`,
      async () => {
        const open = Object.fromEntries(
          (await obligationsOf(incidentId)).filter(isOpen).map((o) => [o.kind, o]),
        );
        // The flash reports open on the 一级 proposal already (provisional); the confirmation makes them firm and
        // opens the province's report in the same append: wait for it, so the kinds are all there.
        const firm = (o: Obligation | undefined) => o !== undefined && !o.provisional;
        return firm(open['phone-flash']) && firm(open['paper-flash']) ? open : undefined;
      },
      60_000,
    );
  const before = { road: await flashes(road.incidentId), canteen: await flashes(canteen.incidentId) };
  const kinds = [...new Set([...Object.keys(before.road), ...Object.keys(before.canteen)])].sort();
  expect(kinds).toEqual(expect.arrayContaining(['paper-flash', 'phone-flash']));
  /** Of the two incidents' obligations of a kind, the one due first (the survivor's on a tie). */
  const earlierOf = (kind: string) => {
    const [r, c] = [before.road[kind]!, before.canteen[kind]!];
    return Date.parse(r.dueAt) < Date.parse(c.dueAt) ? r : c;
  };

  // A monitor merges the first into the second (合并): the same event after all.
  const merged = await call(
    'POST',
    `/api/ingestion/incidents/${canteen.incidentId}/merges`,
    await as('monitor', COUNTY),
    { mergedIncidentId: road.incidentId, reason: '经核实为同一事件的不同报道，合并处置。' },
  );
  expect(merged.status).toBe(201);

  // The merge as grading received it: the IncidentsMerged event every reporting change must cite.
  const authority = await as('grading-authority', CITY);
  const mergeEventId = await eventually(
    'grading to receive the merge',
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${canteen.incidentId}`, authority);
      const facts = (incident.body.facts ?? []) as { eventId: string; type: string }[];
      return facts.find((f) => f.type === 'ingestion.IncidentsMerged')?.eventId;
    },
    60_000,
  );

  // Reporting: the survivor has exactly one open obligation per kind, each at the earlier of the two deadlines.
  const after = await eventually(
    'reporting to follow the merge',
    async () => {
      const listed = await obligationsOf(canteen.incidentId);
      const open = listed.filter(isOpen);
      const settled = listed.some((o) => o.mergeEventId !== null) && open.length === kinds.length;
      return settled ? listed : undefined;
    },
    60_000,
  );
  const open = after.filter(isOpen);
  expect(open.map((o) => o.kind).sort()).toEqual(kinds);
  for (const kind of kinds) {
    const kept = open.find((o) => o.kind === kind)!;
    const earlier = earlierOf(kind);
    expect({ kind, obligationId: kept.obligationId, dueAt: kept.dueAt }).toEqual({
      kind,
      obligationId: earlier.obligationId,
      dueAt: earlier.dueAt,
    });
  }

  // The merged-away incident has no open obligation left.
  expect((await obligationsOf(road.incidentId)).filter(isOpen)).toEqual([]);

  // Every obligation withdrawn or carried over cites the merge: the merged-away incident's (carried over when its
  // deadline was the earlier, else withdrawn) and the survivor's own where the merged one's stood instead.
  const all = [...after, ...(await obligationsOf(road.incidentId))];
  const changed = all.filter((o) => o.standing === 'cancelled' || o.carriedOverFrom !== null);
  const expected = kinds.flatMap((kind) => {
    const [r, c] = [before.road[kind]!, before.canteen[kind]!];
    return earlierOf(kind) === r ? [r.obligationId, c.obligationId] : [r.obligationId];
  });
  expect(changed.map((o) => o.obligationId).sort()).toEqual(expected.sort());
  for (const o of changed) {
    expect(o.mergeEventId).toBe(mergeEventId);
    if (o.standing === 'cancelled') {
      expect(o).toMatchObject({ cancelledReason: 'incident-merged' });
      expect(open.map((k) => k.obligationId)).toContain(o.keptObligationId);
    } else {
      expect(o).toMatchObject({ incidentId: canteen.incidentId, carriedOverFrom: road.incidentId });
    }
  }

  // Grading: the merged incident is closed, its 一级 noted in the survivor's history.
  const closed = await call('GET', `/api/grading/incidents/${road.incidentId}`, authority);
  expect(closed.body).toMatchObject({ mergedInto: canteen.incidentId, openProposal: null });
  await eventually(
    'grading to note the merged incident’s grade',
    async () => {
      const survivor = await call('GET', `/api/grading/incidents/${canteen.incidentId}`, authority);
      const history = (survivor.body.history ?? []) as {
        type: string;
        data: { mergedIncidentId?: string };
      }[];
      return history.some(
        (d) => d.type === 'grading.MergedIncidentGradeNoted' && d.data.mergedIncidentId === road.incidentId,
      )
        ? true
        : undefined;
    },
    60_000,
  );
}, 420_000);

it('grades an incident split off another on its own items; the original keeps its grade in force', async () => {
  // A 一级 incident (人民网), and a city-forum complaint merged into it by mistake. (Not the first test's items:
  // clustering would attach them to that test's incidents.)
  const reservoir = await transfer(RESERVOIR);
  const bus = await transfer(FORUM);
  expect(bus.incidentId).not.toBe(reservoir.incidentId);
  await confirm(reservoir.incidentId, L1);
  await proposalOf(bus.incidentId);
  const monitor = await as('monitor', COUNTY);
  const merged = await call('POST', `/api/ingestion/incidents/${reservoir.incidentId}/merges`, monitor, {
    mergedIncidentId: bus.incidentId,
    reason: '误以为同一事件，合并。',
  });
  expect(merged.status).toBe(201);
  const authority = await as('grading-authority', CITY);
  await eventually(
    'grading to follow the merge',
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${reservoir.incidentId}`, authority);
      const items = (incident.body.items ?? []) as { itemId: string }[];
      return items.some((i) => i.itemId === bus.itemId) ? true : undefined;
    },
    60_000,
  );

  // A monitor splits the complaint off again (拆分): two different events.
  const split = await call('POST', `/api/ingestion/incidents/${reservoir.incidentId}/splits`, monitor, {
    itemIds: [bus.itemId],
    reason: '公交收车与水库渗水是两起不同事件。',
  });
  expect(split.status).toBe(201);
  const newIncidentId = split.body.newIncidentId as string;
  expect(newIncidentId).toEqual(expect.any(String));

  // The new incident is graded on its own item: 三级, an ordinary complaint on a city forum.
  const proposal = await proposalOf(newIncidentId);
  expect(proposal).toMatchObject({ grade: L3, evidence: [{ kind: 'item', id: bus.itemId }] });
  const fresh = await call('GET', `/api/grading/incidents/${newIncidentId}`, authority);
  expect(fresh.body).toMatchObject({ splitFromIncidentId: reservoir.incidentId });
  expect((fresh.body.items as { itemId: string }[]).map((i) => i.itemId)).toEqual([bus.itemId]);

  // The original keeps its 一级 in force, graded on what it has left (the 人民网 item gives 一级 still).
  const original = await eventually(
    'grading to follow the split',
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${reservoir.incidentId}`, authority);
      const items = (incident.body.items ?? []) as { itemId: string }[];
      return items.some((i) => i.itemId === bus.itemId) ? undefined : incident.body;
    },
    60_000,
  );
  expect(original).toMatchObject({ grade: L1 });
  expect((original.items as { itemId: string }[]).map((i) => i.itemId)).toEqual([reservoir.itemId]);
}, 420_000);
