import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ProjectionRunner, uuidv7, type ProjectionDefinition } from '@yuqing/event-store';
import { eventually, gatewayClient, startPlatform, type RunningPlatform } from '@yuqing/testing';

// Rebuild equals live, for every projection of every app: the platform runs representative activity (the access
// matrix's seed in every service; captures, a confirmed 一级 grade, its flash obligations and a flash report, a
// merge and a split), then each app's ProjectionRunner rebuilds every projection inside a transaction, compares
// with the live tables and rolls back. A projection an app declares joins by existing; the one queue is listed.

const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
const ORG_UNITS = [COUNTY, 'cn.yn.km.yl.kyz', 'cn.yn.km.sl', CITY, 'cn.yn.qj'];
const L1 = { level: 'level-1', exceptional: false };
/** The only projection left out of verify, and why. */
const QUEUES = { 'reporting.notification-outbox': 'work in flight; a rebuild would send twice' };

const ROOT = path.resolve(__dirname, '../..');
const READ_MODELS = 'src/read-models/index.ts';

let platform: RunningPlatform;
const { as, call } = gatewayClient(() => platform);

/** What every app declares in `src/read-models/index.ts`, loaded by path (a test may not import an app). */
async function declared(): Promise<Map<string, string[]>> {
  const apps = readdirSync(path.join(ROOT, 'apps'), { withFileTypes: true }).filter(
    (entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'apps', entry.name, READ_MODELS)),
  );
  const byApp = new Map<string, string[]>();
  for (const app of apps) {
    const loaded = (await import(path.join(ROOT, 'apps', app.name, READ_MODELS))) as {
      projections: (schema: string) => ProjectionDefinition[];
    };
    byApp.set(
      app.name,
      loaded.projections('declared').map((p) => p.name),
    );
  }
  return byApp;
}

async function transfer(
  title: string,
  text: string,
  outlet = '人民网',
): Promise<{ itemId: string; incidentId: string }> {
  const n = uuidv7();
  const response = await call('POST', '/api/ingestion/transfers', await as('internet-office', CITY), {
    orgUnit: COUNTY,
    transferReference: `e2e-rebuild-${n}`,
    respondBy: new Date(Date.now() + 86_400_000).toISOString(),
    item: {
      url: `http://www.people.com.cn/n1/2026/e2e-rebuild-${n}.html`,
      platform: 'news-site',
      reachTier: 'central-media',
      outlet,
      title: `${title} ${n}`,
      text,
      captureMethod: 'manual',
    },
  });
  expect(response.status).toBe(200);
  return { itemId: response.body.itemId as string, incidentId: response.body.incidentId as string };
}

async function proposalOf(incidentId: string): Promise<{ proposalId: string; grade: unknown }> {
  const authority = await as('grading-authority', CITY);
  return eventually(
    `grading to propose a grade for ${incidentId}`,
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${incidentId}`, authority);
      const open = incident.body.openProposal as { proposalId: string; grade: unknown } | null;
      return incident.status === 200 && open ? open : undefined;
    },
    120_000,
  );
}

beforeAll(async () => {
  platform = await startPlatform();
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

it('rebuilds every projection of every app to exactly its live rows', async () => {
  for (const service of platform.services.values()) await service.seedMatrix(ORG_UNITS);

  // Ingestion → grading → reporting: two incidents, one graded 一级 by the authority, its flash obligations.
  const road = await transfer(
    '云南宜良：城区路面塌陷多日无人管',
    '宜良县城区一路段塌陷，车辆受损，网民质疑有关部门处置迟缓。',
  );
  const canteen = await transfer(
    '宜良一中学食堂被指饭菜变质，家长联名投诉',
    '多名家长反映宜良县某中学食堂饭菜变质，学生出现腹痛，要求教育部门彻查供餐公司。',
    '新华网',
  );
  const proposal = await proposalOf(road.incidentId);
  expect(proposal.grade).toEqual(L1);
  const confirmed = await call(
    'POST',
    `/api/grading/incidents/${road.incidentId}/grade-confirmations`,
    await as('grading-authority', CITY),
    { proposalId: proposal.proposalId, grade: proposal.grade },
  );
  expect(confirmed.status).toBe(201);
  const admin = await as('opinion-admin', COUNTY);
  const phoneFlash = await eventually(
    'the flash obligations',
    async () => {
      const listed = await call('GET', `/api/reporting/obligations?incidentId=${road.incidentId}`, admin);
      const obligations = (listed.body.obligations ?? []) as { obligationId: string; kind: string }[];
      return obligations.find((o) => o.kind === 'phone-flash');
    },
    60_000,
  );
  const report = await call('POST', '/api/reporting/flash-reports', admin, {
    obligationId: phoneFlash.obligationId,
    method: 'phone',
    recipientOrgUnitId: CITY,
    sentAt: new Date().toISOString(),
    summary: '宜良县城区路面塌陷，人民网已报道，县里已组织抢修。',
  });
  expect(report.status).toBe(201);

  // A merge, then a split of the merged item back out.
  await proposalOf(canteen.incidentId);
  const monitor = await as('monitor', COUNTY);
  const merged = await call('POST', `/api/ingestion/incidents/${road.incidentId}/merges`, monitor, {
    mergedIncidentId: canteen.incidentId,
    reason: '误以为同一事件，合并。',
  });
  expect(merged.status).toBe(201);
  const split = await call('POST', `/api/ingestion/incidents/${road.incidentId}/splits`, monitor, {
    itemIds: [canteen.itemId],
    reason: '路面塌陷与食堂饭菜是两起不同事件。',
  });
  expect(split.status).toBe(201);
  await proposalOf(split.body.newIncidentId as string);

  // Every app: verify all its projections (rebuilt in a transaction, compared, rolled back).
  const covered = new Map<string, string[]>();
  const queues: Record<string, string> = {};
  for (const [name, service] of platform.services) {
    const runner = service.app.get(ProjectionRunner);
    const report = await runner.verify();
    expect({ app: name, differences: report.differences }).toEqual({ app: name, differences: [] });
    expect(report.ok).toBe(true);
    for (const skipped of report.skipped) queues[skipped.projection] = skipped.reason;
    covered.set(name, [...report.verified, ...report.skipped.map((s) => s.projection)].sort());
  }

  // What was covered is what every app declares, and each app declares at least one projection.
  const declarations = await declared();
  for (const names of declarations.values()) expect(names.length).toBeGreaterThan(0);
  expect(Object.fromEntries([...covered].filter(([, names]) => names.length > 0))).toEqual(
    Object.fromEntries([...declarations].map(([app, names]) => [app, [...names].sort()])),
  );
  expect(queues).toEqual(QUEUES);
}, 600_000);
