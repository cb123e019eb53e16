import type { Pool } from 'pg';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { Clock, PG_POOL } from '@yuqing/service-kit';
import {
  eventually,
  gatewayClient,
  startPlatform,
  waitFor,
  type AdjustableClock,
  type GatewayAnswer,
  type RunningPlatform,
} from '@yuqing/testing';

// Issue 17's first must-shows, through the gateway as the offices work: scripted incidents, each in a department of
// this run's own under 宜良县, driven through ingestion, grading, reporting and guidance, with reporting's clock moved
// where a deadline must pass. The review (考评) hears of them on the real topics and records each finding with its
// kind, department, person (when the log names one), article 第二十八条 and the events that prove it, each of which
// the source service stored at that stream and position:
//   迟报 a 一级 paper flash delivered after the hour · 漏报 the handling declared complete with the 回告 still owed ·
//   瞒报 / 谎报 a bulletin / flash report stating fewer / more 受伤人数 than the unit verified · 擅自发布 a post of a
//   registered official site that matches no approved release · 处置不力 a 二级 escalated to 一级 through poor
//   handling (grading asks for the missed deadline it grew from, which is itself a 迟报) · 泄露 a forum post carrying
//   the text of a bulletin submitted before it · a clean incident (on time, the figures verified): none.
// Not here: 上级先于本级发现 and guidance-not-done need ingestion's and guidance's clocks, which their harnesses do
// not let a test move.
// Then the city rules (one confirmed, one dismissed with a reason), rates the quarter, an auditor recomputes it from
// zero, and each department sees its own findings only.

const CITY = 'cn.yn.km';
const COUNTY = 'cn.yn.km.yl';
/** The run's own unit under 宜良县, and a department under it per incident (the read models outlive a run when the servers are reused). */
const RUN = `${COUNTY}.e${uuidv7().slice(-8)}`;
const UNIT = {
  late: `${RUN}.chibao`,
  missed: `${RUN}.loubao`,
  concealed: `${RUN}.manbao`,
  false: `${RUN}.huangbao`,
  release: `${RUN}.fabu`,
  poor: `${RUN}.chuzhi`,
  leak: `${RUN}.xielou`,
  clean: `${RUN}.zhengchang`,
} as const;
type Case = keyof typeof UNIT;

const MINUTE = 60_000;
const WAIT = 60_000;
const L1 = { level: 'level-1', exceptional: false } as const;
const L2 = { level: 'level-2', exceptional: false } as const;
/** The person of every office's commands here: the gateway client's user of that role. */
const ADMIN = 'e2e-opinion-admin';
const INJURED = (value: number) => [{ name: '受伤人数', value, unit: '人' }];

interface Evidence {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly streamPosition: number;
}
interface Finding {
  readonly findingId: string;
  readonly kind: string;
  readonly subject: string;
  readonly incidentId: string | null;
  readonly orgUnit: string;
  readonly personId: string | null;
  readonly severity: string;
  readonly period: string;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly status: string;
}
interface Obligation {
  readonly obligationId: string;
  readonly kind: string;
  readonly standing: string;
  readonly dueAt: string;
  readonly recipientOrgUnitId: string;
}
interface RatingLine {
  readonly findingId: string;
  readonly status: string;
  readonly points: number;
  readonly bars: boolean;
}
interface Rating {
  readonly orgUnitId: string;
  readonly score: number;
  readonly rating: string;
  readonly excellentBarred: boolean;
  readonly lines: readonly RatingLine[];
}

let platform: RunningPlatform;
const { as, call } = gatewayClient(() => platform);

beforeAll(async () => {
  platform = await startPlatform({ only: ['ingestion', 'grading', 'reporting', 'guidance', 'review'] });
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

const storeOf = (context: string): PostgresEventStore =>
  platform.services.get(context)!.app.get(PostgresEventStore);
const reportingClock = (): AdjustableClock =>
  platform.services.get('reporting')!.app.get<Clock, AdjustableClock>(Clock);

/** The quarter of `at` in China Standard Time, as the review periods speak (2026-Q4). */
function quarterOf(at: Date): string {
  const cst = new Date(at.getTime() + 8 * 3_600_000);
  return `${cst.getUTCFullYear()}-Q${Math.floor(cst.getUTCMonth() / 3) + 1}`;
}

function expectStatus(answer: GatewayAnswer, status: number, what: string): GatewayAnswer {
  if (answer.status !== status)
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

// ---- The offices' steps, through the gateway ----

/** A monitor of the department captures one item; it opens an incident of the department. */
async function capture(
  unit: string,
  item: { reachTier: string; platform: string; outlet: string; url: string; title: string; text: string },
): Promise<{ itemId: string; incidentId: string }> {
  const answer = expectStatus(
    await call('POST', '/api/ingestion/items', await as('monitor', unit), {
      orgUnit: unit,
      items: [{ captureMethod: 'manual', ...item }],
    }),
    200,
    `capture in ${unit}`,
  );
  const [outcome] = answer.body.outcomes as { status: string; itemId: string; incidentId: string }[];
  expect(outcome).toMatchObject({ status: 'captured' });
  return { itemId: outcome!.itemId, incidentId: outcome!.incidentId };
}

/** The monitor verifies the item (核实) with the figures it established. */
async function verify(unit: string, itemId: string, figures: unknown): Promise<void> {
  expectStatus(
    await call('POST', `/api/ingestion/items/${itemId}/verifications`, await as('monitor', unit), {
      accuracy: 'accurate',
      findings: '经现场核实，情况属实。',
      evidence: [{ kind: 'item', id: itemId }],
      figures,
    }),
    201,
    `verification of ${itemId}`,
  );
}

/** Grading proposes the grade the item's reach calls for; the city, the grading authority, confirms it. */
async function confirmGrade(incidentId: string, level: string): Promise<void> {
  const authority = await as('grading-authority', CITY);
  const proposal = await eventually(
    `grading to propose ${level} for ${incidentId}`,
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${incidentId}`, authority);
      const open = incident.body.openProposal as
        { proposalId: string; grade: { level: string } } | null | undefined;
      return open?.grade.level === level ? open : undefined;
    },
    WAIT,
  );
  expectStatus(
    await call('POST', `/api/grading/incidents/${incidentId}/grade-confirmations`, authority, {
      proposalId: proposal.proposalId,
      grade: proposal.grade,
    }),
    201,
    `confirmation of ${incidentId}`,
  );
}

/** The incident's obligations by kind, once those named are open. */
async function obligations(
  unit: string,
  incidentId: string,
  kinds: readonly string[],
): Promise<Record<string, Obligation>> {
  const admin = await as('opinion-admin', unit);
  return eventually(
    `obligations ${kinds.join(', ')} of ${incidentId}`,
    async () => {
      const listed = await call('GET', `/api/reporting/obligations?incidentId=${incidentId}`, admin);
      const found = Object.fromEntries(
        ((listed.body.obligations as Obligation[] | undefined) ?? []).map((o) => [o.kind, o]),
      );
      return kinds.every((kind) => found[kind]) ? found : undefined;
    },
    WAIT,
  );
}

async function flash(
  unit: string,
  obligation: Obligation,
  body: { method: string; sentAt: string; summary: string; figures?: unknown },
): Promise<{ reportId: string; obligation: { onTime?: boolean } }> {
  const answer = expectStatus(
    await call('POST', '/api/reporting/flash-reports', await as('opinion-admin', unit), {
      obligationId: obligation.obligationId,
      recipientOrgUnitId: obligation.recipientOrgUnitId,
      ...body,
    }),
    201,
    `${obligation.kind} of ${unit}`,
  );
  return answer.body as { reportId: string; obligation: { onTime?: boolean } };
}

async function bulletin(
  unit: string,
  obligation: Obligation,
  body: { title: string; body: string; figures?: unknown; statedGrade?: unknown },
): Promise<string> {
  const answer = expectStatus(
    await call('POST', '/api/reporting/bulletins', await as('opinion-admin', unit), {
      obligationId: obligation.obligationId,
      recipientOrgUnitId: CITY,
      submittedAt: new Date().toISOString(),
      ...body,
    }),
    201,
    `bulletin of ${unit}`,
  );
  expect(answer.body.obligation).toMatchObject({ status: 'fulfilled', onTime: true });
  return answer.body.reportId as string;
}

/** A phone report now, on time, and the provincial report central media's reach calls for (due in 2 h). */
async function phoneAndProvincial(
  unit: string,
  owed: Record<string, Obligation>,
  figures?: unknown,
): Promise<string> {
  const phone = await flash(unit, owed['phone-flash']!, {
    method: 'phone',
    sentAt: new Date().toISOString(),
    summary: '宜良县发生一起事件，中央媒体已报道，县里已组织处置。',
    ...(figures ? { figures } : {}),
  });
  expect(phone.obligation).toMatchObject({ onTime: true });
  await flash(unit, owed['provincial-report']!, {
    method: 'phone',
    sentAt: new Date().toISOString(),
    summary: '向省里报告：宜良县发生一起事件，中央媒体已报道。',
  });
  return phone.reportId;
}

// ---- The review, read back ----

/** Every finding the caller's scope holds, all pages. */
async function findingsSeen(token: string): Promise<Finding[]> {
  const all: Finding[] = [];
  let after: string | undefined;
  do {
    const page = expectStatus(
      await call(
        'GET',
        `/api/review/findings?limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`,
        token,
      ),
      200,
      'findings',
    );
    all.push(...(page.body.findings as Finding[]));
    after = page.body.next as string | undefined;
  } while (after);
  return all;
}

/** Each evidence entry names an event the source service stored, at that stream and position. */
async function expectEvidenceStored(finding: Finding): Promise<void> {
  expect(finding.evidence.length).toBeGreaterThan(0);
  for (const entry of finding.evidence) {
    const context = entry.type.split('.')[0]!;
    const stream = await storeOf(context).readStream(entry.streamId);
    const stored = stream.find((e) => e.eventId === entry.eventId);
    expect({
      finding: finding.kind,
      eventId: entry.eventId,
      stored: stored && {
        type: stored.type,
        streamPosition: Number(stored.streamPosition),
      },
    }).toEqual({
      finding: finding.kind,
      eventId: entry.eventId,
      stored: { type: entry.type, streamPosition: entry.streamPosition },
    });
  }
}

it('finds each scripted violation once, with its department, person, article and stored evidence; rules, rates and recomputes the quarter', async () => {
  const n = uuidv7().slice(-12);
  const clock = reportingClock();
  const authority = await as('grading-authority', CITY);
  const city = await as('internet-office', CITY);
  const item = (tier: string, outlet: string, host: string, title: string, text: string) => ({
    reachTier: tier,
    platform: 'news-site',
    outlet,
    url: `https://${host}/${n}/${uuidv7()}.html`,
    title: `${title} ${n}`,
    text,
  });

  // 1. What each office does within its deadlines, all incidents at once.
  const [late, missed, concealed, falsely, release, poor, leak, clean] = await Promise.all([
    // 迟报: a 一级 incident (人民网); the phone flash on time, the paper flash later (below).
    (async () => {
      const { incidentId } = await capture(
        UNIT.late,
        item(
          'central-media',
          '人民网',
          'yn.people.com.cn',
          '宜良县城区路面塌陷多日无人管',
          '宜良县城区一路段塌陷，车辆受损，网民质疑有关部门处置迟缓。',
        ),
      );
      await confirmGrade(incidentId, 'level-1');
      const owed = await obligations(UNIT.late, incidentId, [
        'phone-flash',
        'paper-flash',
        'provincial-report',
      ]);
      await phoneAndProvincial(UNIT.late, owed);
      return { incidentId, paper: owed['paper-flash']! };
    })(),
    // 漏报: a 三级 complaint; the handling is declared complete while its 回告 (handling result) is still owed.
    (async () => {
      const { incidentId } = await capture(
        UNIT.missed,
        item(
          'local',
          '宜良论坛',
          'bbs.yl.example.cn',
          '宜良县某村道路坑洼无人修',
          '宜良县某村道路坑洼多时，村民出行不便，发帖反映。',
        ),
      );
      await confirmGrade(incidentId, 'level-3');
      const owed = await obligations(UNIT.missed, incidentId, ['handling-result']);
      expectStatus(
        await call(
          'POST',
          `/api/reporting/incidents/${incidentId}/handling-completions`,
          await as('opinion-admin', UNIT.missed),
          {
            completedAt: new Date().toISOString(),
            note: '道路已修复。',
          },
        ),
        201,
        'handling completed',
      );
      return { incidentId, result: owed['handling-result']! };
    })(),
    // 瞒报: a 二级 incident (云南网); 5 injured verified, the bulletin says 3.
    (async () => {
      const { itemId, incidentId } = await capture(
        UNIT.concealed,
        item(
          'provincial-portal',
          '云南网',
          'www.yunnan.cn',
          '宜良县一工地脚手架垮塌',
          '云南网报道，宜良县一工地脚手架垮塌，多名工人受伤。',
        ),
      );
      await verify(UNIT.concealed, itemId, INJURED(5));
      await confirmGrade(incidentId, 'level-2');
      const owed = await obligations(UNIT.concealed, incidentId, ['bulletin']);
      const bulletinId = await bulletin(UNIT.concealed, owed['bulletin']!, {
        title: '宜良县一工地脚手架垮塌',
        body: '宜良县一工地脚手架垮塌，3名工人受轻伤，已送医。',
        figures: INJURED(3),
        statedGrade: L2,
      });
      return { incidentId, bulletinId };
    })(),
    // 谎报: a 一级 incident; 5 injured verified, the phone flash says 8.
    (async () => {
      const { itemId, incidentId } = await capture(
        UNIT.false,
        item(
          'central-media',
          '新华网',
          'www.news.cn',
          '宜良县一客车侧翻',
          '新华网报道，宜良县一客车侧翻，多人受伤。',
        ),
      );
      await verify(UNIT.false, itemId, INJURED(5));
      await confirmGrade(incidentId, 'level-1');
      const owed = await obligations(UNIT.false, incidentId, [
        'phone-flash',
        'paper-flash',
        'provincial-report',
      ]);
      const reportId = await phoneAndProvincial(UNIT.false, owed, INJURED(8));
      const paper = await flash(UNIT.false, owed['paper-flash']!, {
        method: 'paper',
        sentAt: new Date().toISOString(),
        summary: '书面快报：宜良县一客车侧翻，伤员已送医。',
      });
      expect(paper.obligation).toMatchObject({ onTime: true });
      return { incidentId, reportId };
    })(),
    // 擅自发布: the department's official site, registered with guidance, posts what no approved release covers.
    (async () => {
      const host = `www.e${n}.gov.cn`;
      expectStatus(
        await call('POST', '/api/guidance/accounts', await as('opinion-admin', UNIT.release), {
          orgUnit: UNIT.release,
          kind: 'website',
          platform: 'news-site',
          name: '宜良县某局门户网站',
          urlPrefixes: [`https://${host}/xwzx/`],
          authorNames: [],
        }),
        201,
        'official account',
      );
      const { itemId } = await capture(UNIT.release, {
        reachTier: 'local',
        platform: 'news-site',
        outlet: '宜良县某局门户网站',
        url: `https://${host}/xwzx/2026/${n}.html`,
        title: `关于宜良县某路段塌陷原因的说明 ${n}`,
        text: '经初步调查，宜良县某路段塌陷系施工单位违规作业所致，相关责任人已被控制。',
      });
      return { itemId };
    })(),
    // 处置不力: a 二级 incident whose bulletin deadline passes (below), then escalated to 一级 through poor handling.
    (async () => {
      const { incidentId } = await capture(
        UNIT.poor,
        item(
          'provincial-portal',
          '云南网',
          'www.yunnan.cn',
          '宜良县某小区停水三天',
          '云南网报道，宜良县某小区连续停水三天，居民质疑处置迟缓。',
        ),
      );
      await confirmGrade(incidentId, 'level-2');
      const owed = await obligations(UNIT.poor, incidentId, ['bulletin']);
      return { incidentId, bulletin: owed['bulletin']! };
    })(),
    // 泄露: after the 二级 bulletin (internal) is submitted, a forum post of the incident carries its text.
    (async () => {
      const first = item(
        'provincial-portal',
        '云南网',
        'www.yunnan.cn',
        '宜良县某水库出现大量死鱼',
        '云南网报道，宜良县某水库出现大量死鱼，附近村民担心水质安全。',
      );
      const { incidentId } = await capture(UNIT.leak, first);
      await confirmGrade(incidentId, 'level-2');
      const owed = await obligations(UNIT.leak, incidentId, ['bulletin']);
      const body =
        '经县生态环境局初步检测，水库溶解氧偏低系死鱼主因，上游企业排污嫌疑尚未排除；建议暂缓对外公布检测结论，由县委网信办统一口径，防止引发群众恐慌。';
      const bulletinId = await bulletin(UNIT.leak, owed['bulletin']!, {
        title: '宜良县某水库出现大量死鱼',
        body,
      });
      const leaked = await capture(UNIT.leak, {
        reachTier: 'local',
        platform: 'forum',
        outlet: '宜良论坛',
        url: `https://bbs.yl.example.cn/thread/${n}-leak`,
        title: `网传内部材料：${first.title}`,
        text: `${first.text}有网友贴出内部材料称：${body}`,
      });
      expect(leaked.incidentId).toBe(incidentId);
      return { incidentId, bulletinId, itemId: leaked.itemId };
    })(),
    // Clean: a 二级 incident reported on time, with the figures the unit verified and the grade in force.
    (async () => {
      const { itemId, incidentId } = await capture(
        UNIT.clean,
        item(
          'provincial-portal',
          '云南网',
          'www.yunnan.cn',
          '宜良县一餐馆燃气泄漏',
          '云南网报道，宜良县一餐馆燃气泄漏，有人受伤。',
        ),
      );
      await verify(UNIT.clean, itemId, INJURED(5));
      await confirmGrade(incidentId, 'level-2');
      const owed = await obligations(UNIT.clean, incidentId, ['bulletin']);
      const bulletinId = await bulletin(UNIT.clean, owed['bulletin']!, {
        title: '宜良县一餐馆燃气泄漏',
        body: '宜良县一餐馆燃气泄漏，5人受伤，已送医救治。',
        figures: INJURED(5),
        statedGrade: L2,
      });
      return { incidentId, bulletinId };
    })(),
  ]);

  // 2. 迟报: the paper flash is delivered a minute after the hour. Reporting's clock is set to two minutes before the
  // deadline, so the paper, recorded as delivered at due + 1 min (within the clock skew reporting allows), is in the
  // log before the deadline watcher's turn: the finding names its sender. (Had the watcher marked it overdue first,
  // the finding would be the deadline passing, with no person: the detector's spec covers that.)
  const paperDue = Date.parse(late.paper.dueAt);
  clock.set(new Date(paperDue - 2 * MINUTE));
  const paper = await flash(UNIT.late, late.paper, {
    method: 'paper',
    sentAt: new Date(paperDue + MINUTE).toISOString(),
    summary: '书面快报：宜良县城区路面塌陷，已组织抢修。',
  });
  expect(paper.obligation).toMatchObject({ onTime: false });

  // 3. 处置不力: past the 二级 bulletin's deadline (every other deadline before it is met), the watcher records it
  // overdue; grading hears of it as a missed deadline under the grade, and the city escalates through poor handling.
  // The clock goes back first, so the 一级 reports the escalation opens are not overdue at once.
  clock.set(new Date(Date.parse(poor.bulletin.dueAt) + 1_000));
  const overdueId = await eventually(
    'grading to hear of the bulletin overdue',
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${poor.incidentId}`, authority);
      return (incident.body.facts as { eventId: string; type: string }[] | undefined)?.find(
        (f) => f.type === 'reporting.ReportOverdue',
      )?.eventId;
    },
    WAIT,
  );
  clock.set(new Date());
  expectStatus(
    await call('POST', `/api/grading/incidents/${poor.incidentId}/escalations`, authority, {
      to: L1,
      trigger: 'grew-through-poor-handling',
      reason: '因处置不当，《网上舆情》逾期未报，导致发展态势进一步扩大。',
      causes: [{ kind: 'event', id: overdueId }],
    }),
    201,
    'escalation',
  );

  // 4. The findings, as the city's reviewers see them.
  const expected: Record<Exclude<Case, 'clean'>, { kind: string; subject: string; person?: string }[]> = {
    late: [{ kind: 'late-report', subject: `obligation:${late.paper.obligationId}`, person: ADMIN }],
    missed: [{ kind: 'missed-report', subject: `obligation:${missed.result.obligationId}` }],
    concealed: [{ kind: 'concealed-report', subject: `report:${concealed.bulletinId}`, person: ADMIN }],
    false: [{ kind: 'false-report', subject: `report:${falsely.reportId}`, person: ADMIN }],
    release: [{ kind: 'unapproved-release', subject: `item:${release.itemId}` }],
    poor: [
      { kind: 'late-report', subject: `obligation:${poor.bulletin.obligationId}` },
      { kind: 'poor-handling', subject: expect.stringMatching(/^escalation:/) as unknown as string },
    ],
    leak: [{ kind: 'leak', subject: `leak:${leak.bulletinId}:${leak.itemId}` }],
  };
  const reviewer = await as('internet-office', RUN);
  const ours = async () => (await findingsSeen(reviewer)).filter((f) => f.orgUnit.startsWith(`${RUN}.`));
  const all = await eventually(
    'the review to record every finding',
    async () => {
      const found = await ours();
      const complete = Object.entries(expected).every(
        ([unit, kinds]) => found.filter((f) => f.orgUnit === UNIT[unit as Case]).length >= kinds.length,
      );
      return complete ? found : undefined;
    },
    WAIT,
  );
  // The clean incident's bulletin and verification have been recorded by the review, and found nothing.
  const reviewDb = platform.services.get('review')!.app.get<Pool>(PG_POOL);
  await waitFor(
    'the review to record the clean incident’s verification and bulletin',
    async () => {
      const { rows } = await reviewDb.query<{ type: string }>(
        `select distinct type from ${storeOf('review').schema}.facts where scope = $1`,
        [`incident:${clean.incidentId}`],
      );
      const types = rows.map((r) => r.type);
      return types.includes('ingestion.ItemVerified') && types.includes('reporting.BulletinSubmitted');
    },
    WAIT,
  );

  const period = quarterOf(new Date());
  for (const [unit, kinds] of Object.entries(expected)) {
    const found = all
      .filter((f) => f.orgUnit === UNIT[unit as Case])
      .sort((a, b) => a.kind.localeCompare(b.kind));
    expect({
      unit,
      found: found.map((f) => ({ kind: f.kind, subject: f.subject, person: f.personId ?? undefined })),
    }).toEqual({
      unit,
      found: kinds.map((k) => ({ kind: k.kind, subject: k.subject, person: k.person })),
    });
    for (const finding of found) {
      expect(finding).toMatchObject({ period, status: 'pending' });
      await expectEvidenceStored(finding);
    }
  }
  expect(all.filter((f) => f.orgUnit === UNIT.clean)).toEqual([]);
  const one = (unit: Case, kind: string) => all.find((f) => f.orgUnit === UNIT[unit] && f.kind === kind)!;
  // Article and evidence as the rules read them.
  for (const finding of all) {
    const full = expectStatus(
      await call('GET', `/api/review/findings/${finding.findingId}`, city),
      200,
      'finding',
    );
    expect(full.body).toMatchObject({ findingId: finding.findingId });
  }
  const types = (f: Finding) => f.evidence.map((e) => e.type);
  expect(one('late', 'late-report')).toMatchObject({ incidentId: late.incidentId, severity: 'serious' });
  expect(types(one('late', 'late-report'))).toEqual([
    'reporting.ReportingObligationOpened',
    'reporting.FlashReportSent',
    'reporting.ReportingObligationFulfilled',
  ]);
  expect(one('late', 'late-report').evidence[1]!.eventId).toBe(
    (await storeOf('reporting').readStream(one('late', 'late-report').evidence[1]!.streamId)).find(
      (e) =>
        e.type === 'reporting.FlashReportSent' &&
        (e.data as { reportId?: string }).reportId === paper.reportId,
    )?.eventId,
  );
  expect(types(one('missed', 'missed-report'))).toEqual([
    'reporting.ReportingObligationOpened',
    'reporting.HandlingCompleted',
  ]);
  expect(types(one('concealed', 'concealed-report'))).toEqual([
    'ingestion.ItemVerified',
    'reporting.BulletinSubmitted',
  ]);
  expect(one('concealed', 'concealed-report').summary).toContain('受伤人数报 3人，已核实 5人');
  expect(types(one('false', 'false-report'))).toEqual([
    'ingestion.ItemVerified',
    'reporting.FlashReportSent',
  ]);
  expect(one('false', 'false-report').summary).toContain('受伤人数报 8人，已核实 5人');
  expect(types(one('release', 'unapproved-release'))).toEqual(['guidance.UnapprovedReleaseDetected']);
  expect(types(one('poor', 'poor-handling'))).toEqual(['grading.GradeEscalated']);
  expect(types(one('poor', 'late-report'))).toEqual([
    'reporting.ReportingObligationOpened',
    'reporting.ReportOverdue',
  ]);
  expect(one('poor', 'late-report').evidence[1]!.eventId).toBe(overdueId);
  expect(types(one('leak', 'leak'))).toEqual(['reporting.BulletinSubmitted', 'ingestion.ItemCaptured']);
  for (const finding of all) expect(await articleOf(finding.findingId)).toBe('第二十八条');

  // 5. Rulings by the city's network office: the late paper flash confirmed; the bulletin's 3 dismissed with a reason.
  const confirmed = one('late', 'late-report');
  const dismissed = one('concealed', 'concealed-report');
  expectStatus(
    await call('POST', `/api/review/findings/${confirmed.findingId}/confirmation`, city, {
      reason: '书面快报超过1小时时限送达，情况属实。',
    }),
    201,
    'confirmation',
  );
  expectStatus(
    await call('POST', `/api/review/findings/${dismissed.findingId}/dismissal`, city, {
      reason: '报送时另有2名伤员尚在核实，不属瞒报。',
    }),
    201,
    'dismissal',
  );
  await waitFor(
    'the rulings in the findings',
    async () => {
      const a = await call('GET', `/api/review/findings/${confirmed.findingId}`, city);
      const b = await call('GET', `/api/review/findings/${dismissed.findingId}`, city);
      return a.body.status === 'confirmed' && b.body.status === 'dismissed';
    },
    WAIT,
  );

  // 6. The quarter's ratings of the run's departments.
  const computed = expectStatus(
    await call('POST', '/api/review/ratings', city, { orgUnit: RUN, period }),
    201,
    'ratings',
  );
  const ratings = computed.body.ratings as Rating[];
  const ratingOf = (unit: Case) => ratings.find((r) => r.orgUnitId === UNIT[unit])!;
  expect(ratingOf('late')).toMatchObject({ rating: 'qualified', excellentBarred: true, score: 95 });
  expect(ratingOf('late').lines).toEqual([
    expect.objectContaining({ findingId: confirmed.findingId, status: 'confirmed', points: 5, bars: true }),
  ]);
  expect(ratingOf('concealed')).toMatchObject({ rating: 'excellent', excellentBarred: false, score: 100 });
  expect(ratingOf('concealed').lines).toEqual([
    expect.objectContaining({ findingId: dismissed.findingId, status: 'dismissed', points: 0, bars: false }),
  ]);
  await waitFor(
    'the late department’s rating to be readable',
    async () => {
      const read = await call('GET', `/api/review/ratings/${UNIT.late}/${period}`, city);
      return read.status === 200 && read.body.rating === 'qualified';
    },
    WAIT,
  );

  // 7. An auditor recomputes the quarter from zero: the same findings and ratings.
  await waitFor(
    'the ratings to be read back',
    async () => {
      const listed = await call('GET', `/api/review/ratings?period=${period}`, reviewer);
      return ((listed.body.ratings as Rating[] | undefined) ?? []).length === ratings.length;
    },
    WAIT,
  );
  const recomputed = expectStatus(
    await call('GET', `/api/review/periods/${period}/recompute?orgUnit=${RUN}`, await as('auditor', CITY)),
    200,
    'recompute',
  );
  expect(recomputed.body).toMatchObject({
    findings: { recorded: all.length, recomputed: all.length, equal: true, differences: [] },
    ratings: { recorded: ratings.length, equal: true, differences: [] },
  });

  // 8. A department sees its own findings and rating, not another's.
  const lateDept = await as('opinion-admin', UNIT.late);
  const seen = await findingsSeen(lateDept);
  expect(seen.map((f) => f.findingId)).toEqual([confirmed.findingId]);
  expect((await call('GET', `/api/review/findings/${dismissed.findingId}`, lateDept)).status).toBe(403);
  const lateLeader = await as('principal-leader', UNIT.late);
  expect((await call('GET', `/api/review/ratings/${UNIT.late}/${period}`, lateLeader)).status).toBe(200);
  expect((await call('GET', `/api/review/ratings/${UNIT.concealed}/${period}`, lateLeader)).status).toBe(403);

  // Nothing else turned up meanwhile: the findings of the run are still exactly those above.
  expect((await ours()).map((f) => f.findingId).sort()).toEqual(all.map((f) => f.findingId).sort());
}, 240_000);

/** The article a finding cites, as recorded (FindingRecorded). */
async function articleOf(findingId: string): Promise<string | undefined> {
  const history = await call('GET', `/api/review/findings/${findingId}/history`, await as('auditor', CITY));
  const events = history.body.events as { type: string; data: { article?: string } }[];
  return events.find((e) => e.type === 'review.FindingRecorded')?.data.article;
}

it('finds an online-guidance task not reported back by its due time (不按要求开展舆情引导), naming the commentator', async () => {
  // The county's department proposes online guidance (网评引导) to the city's internet office, which approves it and
  // tasks a commentator; nobody reports back, and guidance's clock passes the task's due time.
  const unit = `${RUN}.yindao`;
  const commentator = `e2e-commentator-${uuidv7().slice(-6)}`;
  const proposed = expectStatus(
    await call('POST', '/api/guidance/online-guidance', await as('opinion-admin', unit), {
      orgUnit: unit,
      incidentId: `e2e-${uuidv7()}`,
      incidentLevel: 'level-2',
      approverUnit: CITY,
      wording: '以县政府官方通报为准，有关部门正在处置，不传谣、不信谣。',
      platforms: ['本地论坛'],
    }),
    201,
    'propose online guidance',
  );
  const proposalId = proposed.body.proposalId as string;
  const approved = expectStatus(
    await call(
      'POST',
      `/api/guidance/online-guidance/${proposalId}/decisions`,
      await as('internet-office', CITY),
      {
        decision: 'approve',
        commentators: [{ userId: commentator, orgUnit: unit }],
        instructions: '在本地论坛跟帖引导并反馈链接。',
      },
    ),
    201,
    'approve online guidance',
  );
  const taskId = (approved.body.tasks as { taskId: string }[])[0]!.taskId;
  const guidanceClock = platform.services.get('guidance')!.app.get<Clock, AdjustableClock>(Clock);
  guidanceClock.advance(5 * 60 * MINUTE); // past the 二级 task's 240 minutes

  const department = await as('opinion-admin', unit);
  const found = await eventually<Finding>(
    'the review to record the guidance task not reported back',
    async () => (await findingsSeen(department)).find((f) => f.subject === `guidance-task:${taskId}`),
    WAIT,
  );
  expect(found).toMatchObject({
    kind: 'guidance-not-done',
    orgUnit: unit,
    personId: commentator,
    status: 'pending',
  });
  expect(await articleOf(found.findingId)).toBe('第二十八条');
  expect(found.evidence.map((e) => e.type)).toEqual([
    'guidance.OnlineGuidanceProposed',
    'guidance.GuidanceTaskOverdue',
  ]);
  await expectEvidenceStored(found);
}, 120_000);

it('finds an item a higher unit captured first and transferred down after the grace time (上级先于本级发现)', async () => {
  // A unit of the run captures a forum post; an hour and more later (ingestion's clock moved) its internet office
  // transfers it down to a unit below it, which had captured nothing of it: a 漏报 of that unit's monitoring.
  const higher = `${RUN}.sj`;
  const lower = `${higher}.xj`;
  const n = uuidv7().slice(-12);
  const item = {
    reachTier: 'local',
    platform: 'forum',
    outlet: '本地论坛',
    url: `https://bbs.example.cn/thread/sj-${n}`,
    title: `某村道路塌陷无人修复 ${n}`,
    text: '村民反映村口道路塌陷一周无人修复，车辆无法通行。',
  };
  await capture(higher, item);
  // Transferred at once (ingestion's clock moved): the review may read the transfer before the capture, as they are
  // on two partitions; the finding comes either way (record-facts/higher-first.int.spec.ts takes both orders).
  const ingestionClock = platform.services.get('ingestion')!.app.get<Clock, AdjustableClock>(Clock);
  ingestionClock.advance(61 * MINUTE); // past the policy's 60 minutes of grace

  const transferred = expectStatus(
    await call('POST', '/api/ingestion/transfers', await as('internet-office', higher), {
      orgUnit: lower,
      item: { captureMethod: 'manual', ...item },
      transferReference: `ZB-${n}`,
      respondBy: new Date(ingestionClock.now().getTime() + 24 * 60 * MINUTE).toISOString(),
    }),
    200,
    'transfer down',
  );
  const itemId = transferred.body.itemId as string;

  const found = await eventually<Finding>(
    'the review to record the item found first above',
    async () =>
      (await findingsSeen(await as('opinion-admin', lower))).find(
        (f) => f.subject === `higher-first:${itemId}`,
      ),
    WAIT,
  );
  expect(found).toMatchObject({ kind: 'missed-report', orgUnit: lower, status: 'pending' });
  expect(found.evidence.map((e) => e.type)).toEqual([
    'ingestion.ItemCaptured',
    'ingestion.ItemTransferredIn',
    'ingestion.IncidentDetected',
  ]);
  await expectEvidenceStored(found);
  // The evidence of who found it first is the higher unit's own capture.
  const [first] = found.evidence;
  const capturedAbove = (await storeOf('ingestion').readStream(first!.streamId)).find(
    (e) => e.eventId === first!.eventId,
  );
  expect(capturedAbove?.metadata.orgUnit).toBe(higher);
}, 120_000);
