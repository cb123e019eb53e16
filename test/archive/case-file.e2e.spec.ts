import { gradingStreams, guidanceStreams, ingestionStreams, reportingStreams } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { eventually, gatewayClient, startPlatform, waitFor, type RunningPlatform } from '@yuqing/testing';

// Issue 16's first must-show, through the gateway as the offices work: a monitor captures a forum post and a 云南网
// report (ingestion), grading proposes 二级 and the city confirms it, the county submits the 《网上舆情》 bulletin
// (reporting), arranges the response, drafts the wording, has it and a release approved by the 领导小组办公室 and
// publishes it (guidance), declares the handling complete and submits its summary (reporting). The archive files
// each step from the real topics; closing is refused while the summary is missing or short, with the parts named,
// then done; the case file lists every step, each linked to the very event the source service stored.
//
// The file's topics are its own (tools/jest/topic-namespace-environment.js), so every entry of the case file must
// name an event this platform's services stored.

const CITY = 'cn.yn.km';
const COUNTY = 'cn.yn.km.yl';
// A unit of this run's own under 宜良县: the read models' tables outlive a run when the servers are reused.
const UNIT = `${COUNTY}.e${uuidv7().slice(-8)}`;
const MINUTE = 60_000;
const WAIT = 90_000;

interface Entry {
  readonly entryKind: string;
  readonly summary: string;
  readonly source: {
    readonly context: string;
    readonly eventId: string;
    readonly eventType: string;
    readonly streamId: string;
    readonly streamPosition: number;
    readonly hash?: string;
  };
  readonly facts: Readonly<Record<string, unknown>>;
}

/** The event types of the steps this test drives, as the source services store them. */
const STEPS: Readonly<Record<string, readonly string[]>> = {
  ingestion: ['ingestion.IncidentDetected', 'ingestion.ItemAttachedToIncident'],
  grading: ['grading.GradeProposed', 'grading.GradeConfirmed'],
  reporting: [
    'reporting.ReportingObligationOpened',
    'reporting.BulletinSubmitted',
    'reporting.ReportingObligationFulfilled',
    'reporting.HandlingCompleted',
    'reporting.HandlingSummarySubmitted',
  ],
  guidance: [
    'guidance.ResponsePlanOpened',
    'guidance.WordingDrafted',
    'guidance.WordingApproved',
    'guidance.ReleasePrepared',
    'guidance.ReleaseApproved',
    'guidance.ReleasePublished',
  ],
};

interface Obligation {
  readonly obligationId: string;
  readonly kind: string;
  readonly standing: string;
}

let platform: RunningPlatform;
const { as, call } = gatewayClient(() => platform);

beforeAll(async () => {
  platform = await startPlatform({ only: ['ingestion', 'grading', 'reporting', 'guidance', 'archive'] });
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

const iso = (ms = Date.now()) => new Date(ms).toISOString();

/** One service's event store in this platform (read only: the test appends nothing). */
const storeOf = (context: string): PostgresEventStore =>
  platform.services.get(context)!.app.get(PostgresEventStore);

/**
 * A post on the county forum, then 云南网 (the provincial news portal) carrying it: one incident of two items, the
 * post opening it (local reach: 舆情信息) and the report attached to it (媒体报道).
 */
async function captureForumAndPortal(
  n: string,
  monitor: Awaited<ReturnType<typeof as>>,
  story: { readonly title: string; readonly text: string },
): Promise<{ incidentId: string; itemIds: [string, string] }> {
  const { text } = story;
  const captured = await call('POST', '/api/ingestion/items', monitor, {
    orgUnit: UNIT,
    items: [
      {
        captureMethod: 'manual',
        url: `https://bbs.yl.example.cn/thread/${n}`,
        platform: 'forum',
        reachTier: 'local',
        outlet: '宜良论坛',
        title: `${story.title} ${n}`,
        text,
      },
      {
        captureMethod: 'manual',
        url: `https://www.yunnan.cn/system/2026/12/07/${n}.shtml`,
        platform: 'news-site',
        reachTier: 'provincial-portal',
        outlet: '云南网',
        title: `${story.title}，云南网关注 ${n}`,
        text: `云南网报道，${text}`,
      },
    ],
  });
  expect(captured.status).toBe(200);
  const outcomes = captured.body.outcomes as { status: string; incidentId: string; itemId: string }[];
  expect(outcomes.map((o) => o.status)).toEqual(['captured', 'captured']);
  expect(outcomes[1]!.incidentId).toBe(outcomes[0]!.incidentId);
  return { incidentId: outcomes[0]!.incidentId, itemIds: [outcomes[0]!.itemId, outcomes[1]!.itemId] };
}

it('files capture → grade → report → release → handling summary in the case, each linked to its event, and closes the 二级 case only with a whole summary', async () => {
  const n = uuidv7().slice(-12);
  const monitor = await as('monitor', UNIT);
  const admin = await as('opinion-admin', UNIT);
  const office = await as('internet-office', UNIT);
  const groupOffice = await as('leading-group-office', COUNTY);
  const authority = await as('grading-authority', CITY);
  const auditor = await as('auditor', CITY);

  // 1. Ingestion: a post on the county forum, then 云南网 (the provincial news portal) carries it.
  const { incidentId } = await captureForumAndPortal(n, monitor, {
    title: '宜良县某小区停水三天无人管',
    text: '宜良县某小区连续停水三天，居民生活受影响，网民质疑供水公司和有关部门处置迟缓。',
  });

  // Grading proposes 二级 (第三条: a provincial portal carried it); the city, the grading authority, confirms it.
  const proposal = await eventually<{ proposalId: string; grade: { level: string; exceptional: boolean } }>(
    'grading to propose 二级',
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${incidentId}`, authority);
      const open = incident.body.openProposal as
        { proposalId: string; grade: { level: string; exceptional: boolean } } | null | undefined;
      return open?.grade.level === 'level-2' ? open : undefined;
    },
    WAIT,
  );
  const confirmed = await call(
    'POST',
    `/api/grading/incidents/${incidentId}/grade-confirmations`,
    authority,
    {
      proposalId: proposal.proposalId,
      grade: proposal.grade,
    },
  );
  expect(confirmed.status).toBe(201);

  // 2. Reporting opens the 《网上舆情》 bulletin to the city; the county submits it, which fulfils it.
  const obligations = async (): Promise<Obligation[]> => {
    const listed = await call('GET', `/api/reporting/obligations?incidentId=${incidentId}`, admin);
    return (listed.body.obligations as Obligation[] | undefined) ?? [];
  };
  const bulletin = await eventually(
    'the bulletin obligation',
    async () => (await obligations()).find((o) => o.kind === 'bulletin'),
    WAIT,
  );
  const submitted = await call('POST', '/api/reporting/bulletins', admin, {
    obligationId: bulletin.obligationId,
    title: '宜良县某小区停水三天引发网民关注',
    body: '云南网报道宜良县某小区连续停水三天，网民质疑处置迟缓。县水务局已组织抢修。',
    recipientOrgUnitId: CITY,
    submittedAt: iso(),
  });
  expect(submitted.status).toBe(201);

  // 3. Guidance: the office arranges the response, drafts the wording; the 领导小组办公室 approves the wording and
  // the release at 二级 (第二十一条); the office publishes it.
  const arranged = await call('POST', `/api/guidance/responses/${incidentId}/arrangements`, admin, {
    orgUnit: UNIT,
    drafterRoles: ['opinion-admin'],
    channels: ['宜良论坛官方账号'],
  });
  expect(arranged.status).toBe(201);
  await waitFor(
    'guidance to note the 二级 in force',
    async () => {
      const response = await call('GET', `/api/guidance/responses/${incidentId}`, admin);
      return ((response.body.requiredApprovers as string[] | undefined) ?? []).includes(
        'leading-group-office',
      );
    },
    WAIT,
  );
  const figures = [{ name: '受影响户数', value: 320, unit: '户' }];
  const drafted = await call('POST', `/api/guidance/responses/${incidentId}/wordings`, admin, {
    facts: [
      {
        statement: '12月5日起，宜良县某小区因供水管道破裂停水。',
        source: { kind: 'report', eventId: uuidv7() },
      },
    ],
    figures,
    text: '县水务局已组织抢修，受影响居民320户，预计今日恢复供水，期间安排送水车。',
    outlet: { name: '宜良县水务局', channel: '宜良论坛官方账号', orgUnitId: UNIT },
    statesCause: false,
    characterises: false,
  });
  expect(drafted.status).toBe(201);
  const wordingId = drafted.body.wordingId as string;
  const wordingApproved = await call(
    'POST',
    `/api/guidance/responses/${incidentId}/wordings/${wordingId}/decisions`,
    groupOffice,
    { version: 1, decision: 'approve' },
  );
  expect(wordingApproved.status).toBe(201);
  const prepared = await call('POST', `/api/guidance/responses/${incidentId}/releases`, admin, {
    kind: 'forum-reply',
    channel: '宜良论坛官方账号',
    wordingId,
    wordingVersion: 1,
    text: '【情况说明】县水务局已组织抢修，受影响居民320户，预计今日恢复供水。',
    figures,
  });
  expect(prepared.status).toBe(201);
  const releaseId = prepared.body.releaseId as string;
  const releasePath = `/api/guidance/responses/${incidentId}/releases/${releaseId}`;
  expect((await call('POST', `${releasePath}/decisions`, groupOffice, { decision: 'approve' })).status).toBe(
    201,
  );
  const published = await call('POST', `${releasePath}/publications`, admin, {
    url: `https://bbs.yl.example.cn/thread/${n}#reply-1`,
    publishedAt: iso(),
  });
  expect(published.status).toBe(201);

  // Before the handling summary: closing the 二级 case without one is refused, every missing part named (第二十六条).
  const caseFile = async (): Promise<{ case: Record<string, unknown>; entries: Entry[] }> => {
    const file = await call('GET', `/api/archive/cases/${incidentId}`, office);
    expect(file.status).toBe(200);
    return file.body as { case: Record<string, unknown>; entries: Entry[] };
  };
  const hasKinds = (entries: readonly Entry[], kinds: readonly string[]) =>
    kinds.every((kind) => entries.some((e) => e.entryKind === kind));
  await waitFor(
    'the archive to file the report and the release',
    async () => {
      const file = await call('GET', `/api/archive/cases/${incidentId}`, office);
      return (
        file.status === 200 &&
        hasKinds(file.body.entries as Entry[], ['obligation-closed', 'report-sent', 'release'])
      );
    },
    WAIT,
  );
  const bare = await call('POST', `/api/archive/cases/${incidentId}/closures`, office, {
    category: '民生诉求',
  });
  expect(bare.status).toBe(422);
  expect(bare.body.rule).toBe('archive.summary-incomplete');
  for (const part of ['事件经过', '处置情况', '经验教训', '研判展望'])
    expect(bare.body.detail).toContain(part);

  // 4. Reporting: the handling is declared complete, which owes the summary; a 二级 summary needs all four parts.
  const completed = await call('POST', `/api/reporting/incidents/${incidentId}/handling-completions`, admin, {
    completedAt: iso(),
    note: '已恢复供水，居民反映平稳。',
  });
  expect(completed.status).toBe(201);
  const owed = await eventually(
    'the handling-summary obligation',
    async () => (await obligations()).find((o) => o.kind === 'handling-summary'),
    WAIT,
  );
  const summary = {
    whatHappened: '宜良县某小区因供水管道破裂连续停水三天，网民发帖质疑，云南网报道。',
    howHandled: '县水务局组织抢修并安排送水车，县委网信办在论坛回复并报送《网上舆情》。',
    lessons: '停水类民生问题应提前告知居民并同步网信部门，回应要早于媒体报道。',
    outlook: '冬季管网易冻裂，应加强巡检并预置回应口径。',
  };
  const partial = await call('POST', '/api/reporting/handling-summaries', admin, {
    obligationId: owed.obligationId,
    whatHappened: summary.whatHappened,
    howHandled: summary.howHandled,
    outlook: summary.outlook,
    submittedAt: iso(),
  });
  expect(partial.status).toBe(422);
  expect(partial.body).toMatchObject({ rule: 'reporting.summary-part-missing', field: 'lessons' });
  const whole = await call('POST', '/api/reporting/handling-summaries', admin, {
    obligationId: owed.obligationId,
    ...summary,
    submittedAt: iso(Date.now() + MINUTE),
  });
  expect(whole.status).toBe(201);

  // 5. The archive: the reported summary is whole; a closing that replaces it with one whose lessons say too little
  // is refused naming 经验教训, and only it; the closing with the reported summary is accepted.
  await waitFor(
    'the archive to file the handling summary and its obligation closed',
    async () => {
      const file = await call('GET', `/api/archive/cases/${incidentId}`, office);
      const entries = (file.body.entries as Entry[] | undefined) ?? [];
      return (
        entries.some((e) => e.entryKind === 'handling-summary') &&
        entries.some(
          (e) => e.entryKind === 'obligation-closed' && e.facts['obligationId'] === owed.obligationId,
        )
      );
    },
    WAIT,
  );
  const short = await call('POST', `/api/archive/cases/${incidentId}/closures`, office, {
    category: '民生诉求',
    summary: {
      whatHappened: summary.whatHappened,
      handling: summary.howHandled,
      lessons: '及时',
      outlook: summary.outlook,
    },
  });
  expect(short.status).toBe(422);
  expect(short.body.rule).toBe('archive.summary-incomplete');
  expect(short.body.detail).toContain('经验教训');
  expect(short.body.detail).not.toContain('事件经过');
  const closed = await call('POST', `/api/archive/cases/${incidentId}/closures`, office, {
    category: '民生诉求',
    tags: ['停水'],
  });
  expect(closed.status).toBe(201);

  const file = await caseFile();
  expect(file.case).toMatchObject({
    caseId: incidentId,
    orgUnit: UNIT,
    status: 'closed',
    level: 'level-2',
    category: '民生诉求',
    tags: ['停水'],
    summarySource: 'handling-summary',
    summary: {
      whatHappened: summary.whatHappened,
      handling: summary.howHandled,
      lessons: summary.lessons,
      outlook: summary.outlook,
    },
  });
  expect(file.entries.map((e) => e.entryKind)).toEqual(
    expect.arrayContaining([
      'incident-detected',
      'media-report',
      'grade-proposed',
      'grade-in-force',
      'obligation-opened',
      'report-sent',
      'obligation-closed',
      'response-plan',
      'wording',
      'release',
      'handling-result',
      'handling-summary',
    ]),
  );

  // Every step this platform stored is in the case, linked to it: same event, stream, position and chain hash.
  const streams: Record<string, string> = {
    ingestion: ingestionStreams.incident.id(incidentId),
    grading: gradingStreams.incident.id(incidentId),
    reporting: reportingStreams.incident.id(incidentId),
    guidance: guidanceStreams.response.id(incidentId),
  };
  const ours = new Map<
    string,
    { context: string; streamId: string; position: number; type: string; hash: string }
  >();
  for (const [context, streamId] of Object.entries(streams))
    for (const event of await storeOf(context).readCanonicalStream(streamId))
      ours.set(event.eventId, {
        context,
        streamId,
        position: Number(event.streamPosition),
        type: event.eventType,
        hash: event.hash,
      });
  const steps = [...ours.entries()].filter(([, e]) => STEPS[e.context]!.includes(e.type));
  expect(new Set(steps.map(([, e]) => e.type))).toEqual(new Set(Object.values(STEPS).flat()));
  for (const [eventId, event] of steps) {
    const entry = file.entries.find((e) => e.source.eventId === eventId);
    expect({ eventId, source: entry?.source }).toEqual({
      eventId,
      source: {
        context: event.context,
        eventId,
        eventType: event.type,
        streamId: event.streamId,
        streamPosition: event.position,
        hash: event.hash,
      },
    });
  }
  // Every entry names an event this platform stored, at its position and with its hash: nothing comes from elsewhere.
  for (const entry of file.entries) {
    const { context, streamId, eventId } = entry.source;
    const stored =
      ours.get(eventId) ??
      (await storeOf(context).readCanonicalStream(streamId))
        .filter((e) => e.eventId === eventId)
        .map((e) => ({ position: Number(e.streamPosition), hash: e.hash }))[0];
    expect({ eventId, position: stored?.position, hash: stored?.hash }).toEqual({
      eventId,
      position: entry.source.streamPosition,
      hash: entry.source.hash,
    });
  }

  // And as offices and auditors read the sources over HTTP: grading's history of the incident …
  const mineFrom = (context: string) =>
    file.entries.filter((e) => e.source.context === context && ours.has(e.source.eventId));
  const grading = await call('GET', `/api/grading/incidents/${incidentId}`, authority);
  const gradingHistory = grading.body.history as { eventId: string; type: string; position: number }[];
  expect(mineFrom('grading').length).toBeGreaterThanOrEqual(2);
  for (const entry of mineFrom('grading'))
    expect(gradingHistory).toContainEqual(
      expect.objectContaining({
        eventId: entry.source.eventId,
        type: entry.source.eventType,
        position: entry.source.streamPosition,
      }),
    );
  // … guidance's history of the response …
  const guidance = await call('GET', `/api/guidance/responses/${incidentId}/history`, auditor);
  expect(guidance.status).toBe(200);
  const guidanceHistory = guidance.body.events as {
    eventId: string;
    streamId: string;
    streamPosition: number;
  }[];
  expect(mineFrom('guidance').length).toBeGreaterThanOrEqual(6);
  for (const entry of mineFrom('guidance'))
    expect(guidanceHistory).toContainEqual(
      expect.objectContaining({
        eventId: entry.source.eventId,
        streamId: entry.source.streamId,
        streamPosition: entry.source.streamPosition,
      }),
    );
  // … and reporting's chain, which the auditor verifies whole, covering every position the case cites.
  const chain = await call('GET', `/api/reporting/incidents/${incidentId}/chain`, auditor);
  expect(chain.status).toBe(200);
  expect(chain.body).toMatchObject({ ok: true });
  const cited = mineFrom('reporting').map((e) => e.source.streamPosition);
  expect(cited.length).toBeGreaterThanOrEqual(5);
  expect(Math.max(...cited)).toBeLessThanOrEqual(chain.body.events as number);
}, 300_000);

it('files every captured item in the case, the one that opened the incident too (资料归档)', async () => {
  // Another event than the test above's (the same story in other words would join its incident).
  const { incidentId, itemIds } = await captureForumAndPortal(
    uuidv7().slice(-12),
    await as('monitor', UNIT),
    {
      title: '宜良县一中学食堂饭菜变质',
      text: '有家长反映宜良县一中学食堂饭菜变质，多名学生出现腹痛，质疑学校食品安全管理不到位。',
    },
  );
  const office = await as('internet-office', UNIT);
  const filed = async (): Promise<string[][]> => {
    const file = await call('GET', `/api/archive/cases/${incidentId}`, office);
    if (file.status !== 200) return [];
    return (file.body.entries as Entry[])
      .filter((e) => e.entryKind === 'item' || e.entryKind === 'media-report')
      .map((e) => [e.entryKind, String(e.facts['itemId'])]);
  };
  await waitFor(
    'both items filed in the case',
    async () => {
      const ids = (await filed()).map(([, itemId]) => itemId);
      return itemIds.every((id) => ids.includes(id));
    },
    WAIT,
  );
  // The forum post (local reach: 舆情信息) opened the incident; 云南网's report (媒体报道) was attached to it.
  expect((await filed()).sort()).toEqual(
    [
      ['item', itemIds[0]],
      ['media-report', itemIds[1]],
    ].sort(),
  );
}, 120_000);
