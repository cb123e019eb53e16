import type { INestApplication } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import request from 'supertest';
import { TokenSigner, type Grant } from '@yuqing/auth';
import { caseDecider, DEFAULT_CASE_POLICY, type CaseCommand } from '@yuqing/archive-domain';
import { archiveStreams, type CaseSummary } from '@yuqing/contracts';
import {
  EventReader,
  PostgresEventStore,
  ProjectionRunner,
  UpcasterChain,
  uuidv7,
} from '@yuqing/event-store';
import { commandTransaction, serviceContext, SystemClock } from '@yuqing/service-kit';
import { testServiceConfig, uniqueName, waitFor } from '@yuqing/testing';
import { archiveDataSource } from '../../orm';
import { fileEvents, sourceEvent } from '../../testing/cases';
import type { LibraryEntry, LibraryPage } from './case-library.read-model';
import { startArchive, type ArchiveTestApp } from '../../testing/archive-app';

// The case library (案例库) on real PostgreSQL: cases filed and closed through the case decider (the library row is
// written by TypeORM in the transaction that appends CaseClosed), searched in Chinese over HTTP with real tokens.
const schema = uniqueName('archlib');
const city = `cn.yn.k${schema.slice(-8)}`;
const county = `${city}.yl`;
const sibling = `${city}.sl`;
let archive: ArchiveTestApp;
let app: INestApplication;
let signer: TokenSigner;
let pool: Pool;

async function get(path: string, orgUnit = county, role: Grant['role'] = 'internet-office') {
  const token = await signer.sign({
    subject: `${role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
  return request(app.getHttpServer()).get(`/api/archive${path}`).set('authorization', `Bearer ${token}`);
}

/** Runs one case command through the decider, in a store transaction of its own; `then` runs inside it. */
async function decide(
  caseId: string,
  orgUnit: string,
  command: CaseCommand,
  then?: (client: PoolClient) => Promise<void>,
): Promise<void> {
  await app.get(PostgresEventStore).transaction(async (tx) => {
    await commandTransaction(tx, serviceContext('archive-test', orgUnit), new SystemClock().now()).decide(
      archiveStreams.case.id(caseId),
      caseDecider,
      command,
      { expectedVersion: 'ignore-if-match' },
    );
    await then?.(tx.client);
  });
}

/** A case detected in `orgUnit` with `title`, graded `level`, with item summaries `items`; returns its id. */
async function openCase(
  orgUnit: string,
  title: string,
  level: string,
  items: readonly string[] = [],
): Promise<string> {
  const incidentId = uuidv7();
  await fileEvents(app, incidentId, orgUnit, [
    sourceEvent('ingestion.IncidentDetected', {
      incidentId,
      title,
      itemIds: [uuidv7()],
      detectedAt: new Date().toISOString(),
      ruleSetVersion: 'clustering@test',
    }),
    sourceEvent('grading.GradeConfirmed', { incidentId, grade: { level, exceptional: false } }),
    ...items.map((summary) =>
      sourceEvent('ingestion.IncidentDetected', {
        incidentId,
        title: summary,
        itemIds: [uuidv7()],
        detectedAt: new Date().toISOString(),
        ruleSetVersion: 'clustering@test',
      }),
    ),
  ]);
  return incidentId;
}

function close(caseId: string, orgUnit: string, category: string, tags: string[], summary?: CaseSummary) {
  return decide(caseId, orgUnit, {
    kind: 'close',
    caseId,
    category,
    tags,
    ...(summary ? { summary } : {}),
    policy: DEFAULT_CASE_POLICY,
  });
}

const waterMain: CaseSummary = {
  whatHappened: '县城南门附近的供水管道爆裂，道路塌陷，沿街居民停水两天，网民集中发帖质疑抢修太慢。',
  handling: '县水务局连夜抢修并设置临时供水点，县融媒体中心每日通报抢修进度和复水时间。',
  lessons: '停水信息要提前发布，抢修进度公开越及时，质疑越少。',
  outlook: '雨季老旧管网易爆管，应提前排查并准备停水通告模板。',
};
const parkingFees: CaseSummary = {
  whatHappened: '某小区物业擅自上调停车费，业主在业主群和论坛集中投诉。',
  handling: '街道联合市场监管部门约谈物业公司，责令退还多收费用并公示收费标准。',
  lessons: '涉及收费的投诉要当天回应，公示依据。',
  outlook: '年底物业合同续签期间类似投诉可能增多。',
};

let waterCase: string;
let parkingCase: string;
let siblingCase: string;

const ids = (page: { cases: LibraryEntry[] }) => page.cases.map((c) => c.caseId);

beforeAll(async () => {
  archive = await startArchive(schema);
  ({ app, pool, signer } = archive);

  // Titles say little; the summaries say what happened, in other words than the titles.
  waterCase = await openCase(county, '网民反映南门一带路面下陷', 'level-2');
  await close(waterCase, county, '公共设施', ['停水', '抢修'], waterMain);
  parkingCase = await openCase(county, '业主投诉小区收费问题', 'level-3');
  await close(parkingCase, county, '民生诉求', ['物业'], parkingFees);
  // The sibling county had the same kind of case, with the very words searched for.
  siblingCase = await openCase(sibling, '供水管道爆裂 居民停水', 'level-2');
  await close(siblingCase, sibling, '公共设施', ['停水'], waterMain);
}, 90_000);

afterAll(async () => {
  await archive?.close();
});

describe('searching the case library in Chinese', () => {
  it('finds a case first by a phrase from its summary that its title does not contain, with a readable snippet', async () => {
    const res = await get(`/library?q=${encodeURIComponent('居民停水 抢修进度')}`);
    expect(res.status).toBe(200);
    const page = res.body as LibraryPage;
    expect(page.matched).toBe('all');
    expect(ids(page)[0]).toBe(waterCase);
    const first = page.cases[0]!;
    expect(first.title).toBe('网民反映南门一带路面下陷');
    expect(first.level).toBe('level-2');
    expect(first.summary?.lessons).toBe(waterMain.lessons);
    // Plain text without the spaces segmentation put in, the matched words as ranges.
    const snippet = first.snippet!;
    expect(snippet.text).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff]/u);
    expect(snippet.text).toContain('沿街居民停水两天');
    const marked = snippet.highlights.map(([s, e]) => snippet.text.slice(s, e));
    expect(marked).toEqual(expect.arrayContaining(['居民', '停水', '抢修', '进度']));
  });

  it('falls back to any word when no case has them all, and says so', async () => {
    const page = (await get(`/library?q=${encodeURIComponent('停车费 火灾')}`)).body as LibraryPage;
    expect(page.matched).toBe('any');
    expect(ids(page)).toEqual([parkingCase]);
  });

  it('narrows by level, category, unit and period of closing', async () => {
    const q = `q=${encodeURIComponent('集中')}`;
    expect(ids((await get(`/library?${q}`)).body)).toEqual(expect.arrayContaining([waterCase, parkingCase]));
    expect(ids((await get(`/library?${q}&level=level-3`)).body)).toEqual([parkingCase]);
    expect(ids((await get(`/library?category=${encodeURIComponent('公共设施')}`)).body)).toEqual([waterCase]);
    expect(ids((await get(`/library?orgUnit=${county}&level=level-2`)).body)).toEqual([waterCase]);
    // A minute past PostgreSQL's now: closing times are the events' recorded_at, on the database's clock.
    const later = (
      await pool.query<{ later: Date }>(`select now() + interval '1 minute' as later`)
    ).rows[0]!.later.toISOString();
    expect(ids((await get(`/library?from=${encodeURIComponent(later)}`)).body)).toEqual([]);
    expect(ids((await get(`/library?to=${encodeURIComponent(later)}&limit=1`)).body)).toHaveLength(1);
  });

  it('pages with the one cursor', async () => {
    const first = (await get('/library?limit=1')).body as LibraryPage;
    expect(first.cases).toHaveLength(1);
    const second = (await get(`/library?limit=1&after=${first.next}`)).body as LibraryPage;
    expect(second.cases).toHaveLength(1);
    expect(second.next).toBeUndefined();
    expect(new Set([...ids(first), ...ids(second)])).toEqual(new Set([waterCase, parkingCase]));
  });

  it("never returns another unit's case: the county does not see the sibling county's, the city sees both", async () => {
    const phrase = encodeURIComponent('供水管道爆裂');
    expect(ids((await get(`/library?q=${phrase}`)).body)).not.toContain(siblingCase);
    expect(ids((await get(`/library?q=${phrase}&orgUnit=${sibling}`)).body)).toEqual([]);
    expect(ids((await get(`/library?q=${phrase}`, sibling)).body)).toEqual([siblingCase]);
    expect(ids((await get(`/library?q=${phrase}`, city)).body)).toEqual(
      expect.arrayContaining([waterCase, siblingCase]),
    );
  });

  it('refuses a malformed filter with 400 naming it', async () => {
    const res = await get('/library?level=level-9');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('level');
    expect((await get('/library?after=nonsense')).status).toBe(400);
  });
});

describe('similar past cases beside a live incident', () => {
  it("ranks the library's cases like the live one first, leaves itself and other units' cases out", async () => {
    const live = await openCase(county, '南门供水管道又爆裂 居民停水', 'level-3', [
      '论坛：南门路面塌陷 抢修 太慢',
    ]);
    const res = await get(`/incidents/${live}/similar-cases?limit=5`);
    expect(res.status).toBe(200);
    const found = ids(res.body as { cases: LibraryEntry[] });
    expect(found[0]).toBe(waterCase);
    expect(found).not.toContain(live);
    expect(found).not.toContain(siblingCase);
  });

  it("is the case's unit's: another county gets 403, an unknown incident 404", async () => {
    expect((await get(`/incidents/${waterCase}/similar-cases`, sibling)).status).toBe(403);
    expect((await get(`/incidents/${uuidv7()}/similar-cases`)).status).toBe(404);
  });
});

describe('the library follows the case stream', () => {
  it('takes a reopened case out of the library until it is closed again', async () => {
    await decide(waterCase, county, {
      kind: 'reopen',
      caseId: waterCase,
      reason: '又有新的爆管帖子',
      policy: DEFAULT_CASE_POLICY,
    });
    expect(ids((await get(`/library?q=${encodeURIComponent('抢修进度')}`)).body)).not.toContain(waterCase);
    await close(waterCase, county, '公共设施', ['停水', '抢修', '二次爆管'], waterMain);
    const page = (await get(`/library?q=${encodeURIComponent('二次爆管')}`)).body as LibraryPage;
    expect(ids(page)).toEqual([waterCase]);
  });

  it('writes the library row in the appending transaction: rolled back with it, none remains', async () => {
    const doomed = await openCase(county, '某路段井盖缺失', 'level-3');
    let seenInTransaction = 0;
    await expect(
      decide(
        doomed,
        county,
        { kind: 'close', caseId: doomed, category: '公共设施', tags: ['井盖'], policy: DEFAULT_CASE_POLICY },
        async (client) => {
          const { rowCount } = await client.query(
            `select 1 from ${schema}.library_cases where case_id = $1`,
            [doomed],
          );
          seenInTransaction = rowCount ?? 0;
          throw new Error('the transaction fails after the close');
        },
      ),
    ).rejects.toThrow('the transaction fails after the close');
    expect(seenInTransaction).toBe(1);
    const { rowCount } = await pool.query(`select 1 from ${schema}.library_cases where case_id = $1`, [
      doomed,
    ]);
    expect(rowCount).toBe(0);
    expect(ids((await get(`/library?q=${encodeURIComponent('井盖')}`)).body)).toEqual([]);
  });

  it('is rebuilt from the log to exactly what the live projection holds', async () => {
    const report = await app.get(ProjectionRunner).verify(['archive.case-library']);
    expect(report.differences).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.verified).toEqual(['archive.case-library']);
  });

  it('is verified outside the app too, as `npm run projections:rebuild -- archive --verify` runs it (no DataSource yet)', async () => {
    // A fresh module registry: no DataSource registered, so the projection starts TypeORM on the runner's own
    // connection (lent for the start, refused after) instead of the app's.
    let fresh: typeof import('./case-library.projection') | undefined;
    await jest.isolateModulesAsync(async () => {
      fresh = await import('./case-library.projection');
    });
    const runner = new ProjectionRunner({
      pool,
      schema,
      reader: new EventReader(schema, new UpcasterChain()),
      projections: [fresh!.caseLibraryProjection],
    });
    const report = await runner.verify();
    expect(report.differences).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe("TypeORM on the service's one pool", () => {
  it('borrows connections from the pool it is given, opens none of its own, and leaves it open when destroyed', async () => {
    const single = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
    try {
      const dataSource = await archiveDataSource(single, schema).initialize();
      const held = await single.connect(); // the pool's only connection
      let answered = false;
      const query = dataSource.query('select 1 as one').then(() => (answered = true));
      // The query queues on the service's pool, not on a connection of TypeORM's own.
      await waitFor('the query to wait for the pool', async () => single.waitingCount === 1, 10_000);
      expect(answered).toBe(false); // it waits for the service's pool, as every other user of it does
      held.release();
      await query;
      expect(answered).toBe(true);
      await dataSource.destroy();
      expect((await single.query<{ one: number }>('select 1 as one')).rows[0]?.one).toBe(1);
    } finally {
      await single.end();
    }
  });
});
