import { uuidv7 } from '@yuqing/event-store';
import { Clock } from '@yuqing/service-kit';
import {
  eventually,
  startPlatform,
  waitFor,
  type AdjustableClock,
  type RunningPlatform,
  gatewayClient,
} from '@yuqing/testing';

// 第十三条 end to end, through the gateway as the console calls it: an item carried by 人民网 is transferred to
// 宜良县 (ingestion), grading proposes 一级 and the grading authority confirms it (grading), reporting opens the
// phone flash (30 min) and paper flash (1 h) from the item's capture. With the reporting service's clock moved
// instead of waiting: the phone flash at +10 min is on time, no paper flash is made, at +61 min the paper flash is
// overdue, listed by the API, and grading has received the ReportOverdue as a missed deadline under the grade.

const MINUTE = 60_000;
const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';

interface Obligation {
  obligationId: string;
  kind: string;
  standing: string;
  dueAt: string;
  secondsRemaining: number | null;
}

let platform: RunningPlatform;
const { as, call } = gatewayClient(() => platform);

beforeAll(async () => {
  platform = await startPlatform();
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

it('turns a 一级 incident’s paper flash overdue at +60 min after an on-time phone flash at +10 min, and grading hears of it', async () => {
  const clock = platform.services.get('reporting')!.app.get<Clock, AdjustableClock>(Clock);
  const n = uuidv7();

  // Ingestion: the city internet office transfers an item carried by 人民网 down to the county.
  const transfer = await call('POST', '/api/ingestion/transfers', await as('internet-office', CITY), {
    orgUnit: COUNTY,
    transferReference: `e2e-${n}`,
    respondBy: new Date(Date.now() + 86_400_000).toISOString(),
    item: {
      url: `http://www.people.com.cn/n1/2026/e2e-${n}.html`,
      platform: 'news-site',
      reachTier: 'central-media',
      outlet: '人民网',
      title: `云南宜良：城区路面塌陷多日无人管 ${n}`,
      text: '宜良县城区一路段塌陷，车辆受损，网民质疑有关部门处置迟缓。',
      captureMethod: 'manual',
    },
  });
  expect(transfer.status).toBe(200);
  const incidentId = transfer.body.incidentId as string;
  const capturedAt = Date.now();

  // Grading: the proposal (一级, central media), confirmed by the grading authority.
  const authority = await as('grading-authority', CITY);
  const proposal = await eventually<{ proposalId: string; grade: unknown }>(
    'grading to propose a grade',
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${incidentId}`, authority);
      const open = incident.body.openProposal as { proposalId: string; grade: unknown } | null | undefined;
      return incident.status === 200 && open ? open : undefined;
    },
    // Measured 3.0–7.6 s (the first includes grading's consumer joining its group); 30 s leaves room for a loaded machine.
    30_000,
  );
  expect(proposal.grade).toEqual({ level: 'level-1', exceptional: false });
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

  // Reporting: the two flash obligations, to the city, clocks from the capture.
  const admin = await as('opinion-admin', COUNTY);
  const obligations = async () => {
    const listed = await call('GET', `/api/reporting/obligations?incidentId=${incidentId}`, admin);
    return Object.fromEntries((listed.body.obligations as Obligation[]).map((o) => [o.kind, o]));
  };
  const opened = await eventually(
    'the flash obligations',
    async () => {
      const found = await obligations();
      return found['phone-flash'] && found['paper-flash'] ? found : undefined;
    },
    60_000,
  );
  expect(Date.parse(opened['phone-flash']!.dueAt) - capturedAt).toBeLessThanOrEqual(30 * MINUTE);
  expect(Date.parse(opened['phone-flash']!.dueAt) - capturedAt).toBeGreaterThan(29 * MINUTE);
  expect(opened['paper-flash']!.secondsRemaining).toBeGreaterThan(58 * 60);

  // +10 min: the phone flash to the city's principal leader, on time.
  clock.advance(10 * MINUTE);
  const phone = await call('POST', '/api/reporting/flash-reports', admin, {
    obligationId: opened['phone-flash']!.obligationId,
    method: 'phone',
    recipientOrgUnitId: CITY,
    sentAt: clock.now().toISOString(),
    summary: '宜良县城区路面塌陷，人民网已报道，县里已组织抢修。',
  });
  expect(phone.status).toBe(201);
  expect(phone.body.obligation).toMatchObject({ status: 'fulfilled', onTime: true });

  // +61 min: no paper flash was made; the watcher appends ReportOverdue and the API lists it.
  clock.advance(51 * MINUTE);
  const city = await as('internet-office', CITY);
  const overdue = await eventually(
    'the paper flash listed overdue',
    async () => {
      const listed = await call('GET', `/api/reporting/overdue?incidentId=${incidentId}`, city);
      return (listed.body.overdue as Obligation[]).find((o) => o.kind === 'paper-flash');
    },
    30_000,
  );
  expect(overdue).toMatchObject({ standing: 'overdue', dueAt: opened['paper-flash']!.dueAt });
  const after = await obligations();
  expect(after['phone-flash']).toMatchObject({ standing: 'fulfilled' });
  expect(after['paper-flash']).toMatchObject({ standing: 'overdue' });

  // Grading received it, as a missed deadline of the incident (the review sees it without a filing).
  await waitFor(
    'grading to receive the ReportOverdue',
    async () => {
      const incident = await call('GET', `/api/grading/incidents/${incidentId}`, authority);
      return (
        (incident.body.facts as { type: string; data: { kind?: string } }[] | undefined)?.some(
          (f) => f.type === 'reporting.ReportOverdue' && f.data.kind === 'paper-flash',
        ) ?? false
      );
    },
    60_000,
  );
}, 300_000);
