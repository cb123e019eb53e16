import request from 'supertest';
import { uniqueName, waitFor } from '@yuqing/testing';
import { ProjectionRunner } from '@yuqing/event-store';
import { DeadlineWatcher } from './watch-deadlines/deadline-watcher';
import { grade, startTestReporting, type TestReporting } from './testing/reporting-app';

// The reporting API as duty officers, leaders and receiving offices use it, against real PostgreSQL and Kafka, with
// the service's clock moved by the test instead of waiting half an hour.
const MINUTE = 60_000;
const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
let reporting: TestReporting;

const token: TestReporting['token'] = (role, orgUnit) => reporting.token(role, orgUnit);

const api = () => request(reporting.app.getHttpServer());

async function obligations(
  incidentId: string,
): Promise<
  Record<string, { obligationId: string; standing: string; secondsRemaining: number | null; dueAt: string }>
> {
  const response = await api()
    .get(`/api/reporting/obligations?incidentId=${incidentId}`)
    .set('authorization', `Bearer ${await token('opinion-admin')}`)
    .expect(200);
  return Object.fromEntries(
    (
      response.body.obligations as {
        kind: string;
        obligationId: string;
        standing: string;
        secondsRemaining: number | null;
        dueAt: string;
      }[]
    ).map((o) => [o.kind, o]),
  );
}

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep' });
});

afterAll(async () => {
  await reporting?.close();
});

describe('reporting API', () => {
  it('lists a 一级 incident’s flash obligations with countdowns, takes the phone flash at +10 min, and turns the paper flash overdue at +60 min', async () => {
    const incidentId = uniqueName('inc');
    const arose = reporting.clock.now();
    await grade(reporting.app, {
      incidentId,
      orgUnit: COUNTY,
      grade: { level: 'level-1', exceptional: false },
      aroseAt: arose,
      gradedAt: arose,
    });

    const opened = await obligations(incidentId);
    expect(opened['phone-flash']).toMatchObject({
      standing: 'pending',
      dueAt: new Date(arose.getTime() + 30 * MINUTE).toISOString(),
    });
    expect(opened['phone-flash']!.secondsRemaining).toBeGreaterThan(29 * 60);

    reporting.clock.advance(10 * MINUTE);
    const flash = {
      obligationId: opened['phone-flash']!.obligationId,
      method: 'phone',
      recipientOrgUnitId: CITY,
      sentAt: reporting.clock.now().toISOString(),
      summary: '宜良县城区路面塌陷，已有中央媒体关注。',
    };
    const sent = await api()
      .post('/api/reporting/flash-reports')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .set('idempotency-key', `phone-${incidentId}`)
      .send(flash)
      .expect(201);
    expect(sent.body.obligation).toMatchObject({ status: 'fulfilled', onTime: true });

    // A retry of the same request with the same key gets the first answer (status and body, the same report id),
    // and appends nothing (the stream below holds one FlashReportSent).
    const retried = await api()
      .post('/api/reporting/flash-reports')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .set('idempotency-key', `phone-${incidentId}`)
      .send(flash);
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 201, body: sent.body });

    reporting.clock.advance(51 * MINUTE);
    reporting.app.get(DeadlineWatcher).nudge();
    await waitFor(
      'the paper flash to be overdue',
      async () => (await obligations(incidentId))['paper-flash']?.standing === 'overdue',
    );
    const overdue = await api()
      .get(`/api/reporting/overdue?incidentId=${incidentId}`)
      .set('authorization', `Bearer ${await token('internet-office', CITY)}`)
      .expect(200);
    await waitFor('the overdue list to show it', async () => {
      const listed = await api()
        .get(`/api/reporting/overdue?incidentId=${incidentId}`)
        .set('authorization', `Bearer ${await token('internet-office', CITY)}`);
      return (listed.body.overdue as { kind: string }[]).some((o) => o.kind === 'paper-flash');
    });
    expect(overdue.status).toBe(200);
    const after = await obligations(incidentId);
    expect(after['phone-flash']).toMatchObject({ standing: 'fulfilled', secondsRemaining: null });
    const { rows } = await reporting.pool.query<{ type: string }>(
      `select event_type as type from ${reporting.config.REPORTING_SCHEMA}.events where stream_id = $1 order by stream_position`,
      [`reporting-incident-${incidentId}`],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'reporting.ReportingObligationOpened',
      'reporting.ReportingObligationOpened',
      'reporting.FlashReportSent',
      'reporting.ReportingObligationFulfilled',
      'reporting.ReportOverdue',
    ]);
  });

  it('answers invalid input with field paths, a refused rule with its id, an unknown obligation with 404, and a stranger with 403', async () => {
    const incidentId = uniqueName('inc');
    const now = reporting.clock.now();
    await grade(reporting.app, {
      incidentId,
      orgUnit: COUNTY,
      grade: { level: 'level-1', exceptional: false },
      aroseAt: now,
      gradedAt: now,
    });
    const { 'phone-flash': phone } = await obligations(incidentId);
    const admin = `Bearer ${await token('opinion-admin')}`;

    const invalid = await api()
      .post('/api/reporting/flash-reports')
      .set('authorization', admin)
      .send({ obligationId: phone!.obligationId, method: 'fax' })
      .expect(400);
    expect(invalid.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((invalid.body.errors as { path: string }[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(['method', 'sentAt', 'summary']),
    );

    const refused = await api()
      .post('/api/reporting/flash-reports')
      .set('authorization', admin)
      .send({
        obligationId: phone!.obligationId,
        method: 'paper',
        recipientOrgUnitId: CITY,
        sentAt: now.toISOString(),
        summary: '书面快报。',
      })
      .expect(422);
    expect(refused.body).toMatchObject({ rule: 'reporting.method-does-not-fit', status: 422 });

    await api()
      .post('/api/reporting/flash-reports')
      .set('authorization', admin)
      .send({
        obligationId: 'no-such-obligation',
        method: 'phone',
        recipientOrgUnitId: CITY,
        sentAt: now.toISOString(),
        summary: '快报。',
      })
      .expect(404);

    await api()
      .post('/api/reporting/flash-reports')
      .set('authorization', `Bearer ${await token('opinion-admin', 'cn.yn.km.sl')}`)
      .send({
        obligationId: phone!.obligationId,
        method: 'phone',
        recipientOrgUnitId: CITY,
        sentAt: now.toISOString(),
        summary: '快报。',
      })
      .expect(403);
  });

  it('stores the figures and the grade a flash report and a bulletin state, and refuses bad figures naming the field', async () => {
    const admin = `Bearer ${await token('opinion-admin')}`;
    const now = reporting.clock.now();
    const flashIncident = uniqueName('inc');
    const bulletinIncident = uniqueName('inc');
    await grade(reporting.app, {
      incidentId: flashIncident,
      orgUnit: COUNTY,
      grade: { level: 'level-1', exceptional: false },
      aroseAt: now,
      gradedAt: now,
    });
    await grade(reporting.app, {
      incidentId: bulletinIncident,
      orgUnit: COUNTY,
      grade: { level: 'level-2', exceptional: false },
      aroseAt: now,
      gradedAt: now,
    });
    const { 'phone-flash': phone } = await obligations(flashIncident);
    const { bulletin } = await obligations(bulletinIncident);
    const flash = {
      obligationId: phone!.obligationId,
      method: 'phone',
      recipientOrgUnitId: CITY,
      sentAt: now.toISOString(),
      summary: '宜良县城区路面塌陷，三人受伤。',
    };
    const post = (path: string, body: string) =>
      api().post(path).set('authorization', admin).set('content-type', 'application/json').send(body);
    const pathsOf = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

    // 1e999 is valid JSON that parses to Infinity: a figure must be a finite number.
    const nonFinite = await post(
      '/api/reporting/flash-reports',
      JSON.stringify({ ...flash, figures: [{ name: '受伤人数', value: 0 }] }).replace(
        '"value":0',
        '"value":1e999',
      ),
    ).expect(400);
    expect(pathsOf(nonFinite.body)).toEqual(['figures[0].value']);
    const tooLong = await post(
      '/api/reporting/flash-reports',
      JSON.stringify({ ...flash, figures: [{ name: '人'.repeat(201), value: 3 }] }),
    ).expect(400);
    expect(pathsOf(tooLong.body)).toEqual(['figures[0].name']);
    const twice = await post(
      '/api/reporting/bulletins',
      JSON.stringify({
        obligationId: bulletin!.obligationId,
        title: '宜良县城区路面塌陷引发关注',
        body: '一、基本情况：……',
        recipientOrgUnitId: 'cn.yn.km.wxb',
        submittedAt: now.toISOString(),
        figures: [
          { name: '受伤人数', value: 3, unit: '人' },
          { name: '受伤人数', value: 2, unit: '人' },
        ],
      }),
    ).expect(400);
    expect(pathsOf(twice.body)).toEqual(['figures[1].name']);
    const badGrade = await post(
      '/api/reporting/flash-reports',
      JSON.stringify({ ...flash, statedGrade: { level: 'level-2', exceptional: true } }),
    ).expect(400);
    expect(pathsOf(badGrade.body)).toEqual(['statedGrade.exceptional']);

    const figures = [
      { name: '受伤人数', value: 3, unit: '人' },
      { name: '塌陷面积', value: 12.5, unit: '平方米' },
    ];
    await post(
      '/api/reporting/flash-reports',
      JSON.stringify({ ...flash, figures, statedGrade: { level: 'level-1', exceptional: false } }),
    ).expect(201);
    await post(
      '/api/reporting/bulletins',
      JSON.stringify({
        obligationId: bulletin!.obligationId,
        title: '宜良县城区路面塌陷引发关注',
        body: '一、基本情况：……',
        recipientOrgUnitId: 'cn.yn.km.wxb',
        submittedAt: now.toISOString(),
        figures: [figures[0]],
        statedGrade: { level: 'level-3', exceptional: false },
      }),
    ).expect(201);

    const stored = async (incidentId: string, type: string) => {
      const { rows } = await reporting.pool.query<{ data: Record<string, unknown> }>(
        `select data from ${reporting.config.REPORTING_SCHEMA}.events where stream_id = $1 and event_type = $2`,
        [`reporting-incident-${incidentId}`, type],
      );
      return rows.map((r) => r.data);
    };
    expect(await stored(flashIncident, 'reporting.FlashReportSent')).toEqual([
      expect.objectContaining({ figures, statedGrade: { level: 'level-1', exceptional: false } }),
    ]);
    // A bulletin that understates the grade in force is recorded as it was sent: review judges it (瞒报).
    expect(await stored(bulletinIncident, 'reporting.BulletinSubmitted')).toEqual([
      expect.objectContaining({
        figures: [figures[0]],
        statedGrade: { level: 'level-3', exceptional: false },
      }),
    ]);
  });

  it('opens follow-up tasks when a leader signs a 二级 bulletin off with instructions, and keeps monitoring an unsigned one', async () => {
    const admin = `Bearer ${await token('opinion-admin')}`;
    const leader = `Bearer ${await token('principal-leader', CITY)}`;
    const now = reporting.clock.now();
    const submit = async (incidentId: string) => {
      await grade(reporting.app, {
        incidentId,
        orgUnit: COUNTY,
        grade: { level: 'level-2', exceptional: false },
        aroseAt: now,
        gradedAt: now,
      });
      const { bulletin } = await obligations(incidentId);
      const response = await api()
        .post('/api/reporting/bulletins')
        .set('authorization', admin)
        .send({
          obligationId: bulletin!.obligationId,
          issueNumber: '2026年第42期',
          title: '宜良县匡远街道连续停水引发关注',
          body: '一、基本情况：……\n二、研判：……\n三、建议：……',
          recipientOrgUnitId: 'cn.yn.km.wxb',
          submittedAt: reporting.clock.now().toISOString(),
        })
        .expect(201);
      expect(response.body.obligation).toMatchObject({ status: 'fulfilled', onTime: true });
      return response.body.reportId as string;
    };
    const signed = await submit(uniqueName('inc'));
    const unsigned = await submit(uniqueName('inc'));

    // 第十七条: the county's own principal leader cannot sign the bulletin the county sent up; the city signs.
    const refused = await api()
      .post(`/api/reporting/bulletins/${signed}/sign-offs`)
      .set('authorization', `Bearer ${await token('principal-leader', COUNTY)}`)
      .send({ instructions: '阅', signedOffAt: now.toISOString() })
      .expect(403);
    // Refused on the recipient's unit; the answer names only the caller's own units, never the recipient's (issue 19).
    expect(refused.body).toMatchObject({
      reason: 'outside-scope',
      permission: 'reporting.sign-off-bulletin',
    });
    expect(JSON.stringify(refused.body)).not.toContain('cn.yn.km.wxb');
    const signOff = await api()
      .post(`/api/reporting/bulletins/${signed}/sign-offs`)
      .set('authorization', leader)
      .send({
        instructions: '请县水务局今日内恢复供水并回应网民关切。',
        signedOffAt: reporting.clock.now().toISOString(),
        tasks: [
          { description: '今日内恢复供水', assigneeOrgUnitId: 'cn.yn.km.yl.slj' },
          { description: '网上回应网民关切' },
        ],
      })
      .expect(201);
    expect(signOff.body.taskIds).toHaveLength(2);
    await api()
      .post(`/api/reporting/bulletins/${signed}/sign-offs`)
      .set('authorization', admin)
      .send({ instructions: '阅', signedOffAt: now.toISOString() })
      .expect(403);

    const tasks = await api().get('/api/reporting/follow-up-tasks').set('authorization', admin).expect(200);
    expect(
      (tasks.body.tasks as { bulletinId: string; description: string; supervisorOrgUnitId: string }[]).filter(
        (t) => t.bulletinId === signed,
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ description: '今日内恢复供水', supervisorOrgUnitId: COUNTY }),
        expect.objectContaining({ description: '网上回应网民关切' }),
      ]),
    );

    reporting.clock.advance(24 * 60 * MINUTE + MINUTE);
    reporting.app.get(DeadlineWatcher).nudge();
    await waitFor('the unsigned bulletin to be left unsigned', async () => {
      const list = await api().get('/api/reporting/bulletins').set('authorization', admin);
      const status = (id: string) =>
        (list.body.bulletins as { bulletinId: string; status: string }[]).find((b) => b.bulletinId === id)
          ?.status;
      return status(unsigned) === 'left-unsigned' && status(signed) === 'signed-off';
    });
  });

  it('closes a 三级 obligation when the department reports the result back (回告) with its online reply', async () => {
    const incidentId = uniqueName('inc');
    const now = reporting.clock.now();
    await grade(reporting.app, {
      incidentId,
      orgUnit: COUNTY,
      grade: { level: 'level-3', exceptional: false },
      aroseAt: now,
      gradedAt: now,
    });
    const { 'handling-result': handling } = await obligations(incidentId);
    expect(handling!.standing).toBe('pending');

    await api()
      .post('/api/reporting/handling-results')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .send({
        obligationId: handling!.obligationId,
        result: '已修复路灯，并在论坛回复说明。',
        resolution: 'resolved',
        publicReplyUrl: 'https://bbs.km.example.cn/thread/42#reply-1',
        reportedAt: reporting.clock.now().toISOString(),
      })
      .expect(201);

    expect((await obligations(incidentId))['handling-result']).toMatchObject({
      standing: 'fulfilled',
      secondsRemaining: null,
    });
  });

  it('forwards a town’s report hop by hop to the city, each hop acknowledged by its recipient (签收)', async () => {
    const town = 'cn.yn.km.yl.kyz';
    const incidentId = uniqueName('inc');
    const now = reporting.clock.now();
    await grade(reporting.app, {
      incidentId,
      orgUnit: town,
      grade: { level: 'level-1', exceptional: false },
      aroseAt: now,
      gradedAt: now,
    });
    const { 'phone-flash': phone } = await obligations(incidentId);
    const sent = await api()
      .post('/api/reporting/flash-reports')
      .set('authorization', `Bearer ${await token('opinion-admin', town)}`)
      .send({
        obligationId: phone!.obligationId,
        method: 'sms',
        recipientOrgUnitId: 'cn.yn.km.yl.wxb',
        sentAt: now.toISOString(),
        summary: '匡远街道快报。',
      })
      .expect(201);
    expect(sent.body.obligation.status).toBe('open');
    const reportId = sent.body.reportId as string;
    const at = () => reporting.clock.now().toISOString();

    // The city cannot acknowledge what the county has not sent on; the county can.
    await api()
      .post('/api/reporting/receipts')
      .set('authorization', `Bearer ${await token('internet-office', 'cn.yn.km.sl')}`)
      .send({ reportId, acknowledgedAt: at() })
      .expect(403);
    await api()
      .post('/api/reporting/receipts')
      .set('authorization', `Bearer ${await token('internet-office', COUNTY)}`)
      .send({ reportId, acknowledgedAt: at() })
      .expect(201);
    const forwarded = await api()
      .post('/api/reporting/forwards')
      .set('authorization', `Bearer ${await token('leading-group-office', COUNTY)}`)
      .send({ reportId, toOrgUnitId: 'cn.yn.km.wxb', route: 'higher-level', forwardedAt: at() })
      .expect(201);
    expect(forwarded.body.obligation).toMatchObject({ status: 'fulfilled', onTime: true });
    await api()
      .post('/api/reporting/receipts')
      .set('authorization', `Bearer ${await token('internet-office', CITY)}`)
      .send({ reportId, acknowledgedAt: at() })
      .expect(201);
    const again = await api()
      .post('/api/reporting/receipts')
      .set('authorization', `Bearer ${await token('internet-office', CITY)}`)
      .send({ reportId, acknowledgedAt: at() })
      .expect(422);
    expect(again.body.rule).toBe('reporting.nothing-to-acknowledge');
  });

  it('rebuilds the read models and the schedule from the events alone, to what they were', async () => {
    const schema = reporting.config.REPORTING_SCHEMA;
    const snapshot = async () =>
      (
        await reporting.pool.query(
          `select (select json_agg(o order by obligation_id) from (select obligation_id, status, on_time, overdue_at is not null as overdue from ${schema}.obligations) o) as obligations,
                  (select json_agg(b order by bulletin_id) from (select bulletin_id, status from ${schema}.bulletins) b) as bulletins,
                  (select json_agg(t order by task_id) from (select task_id, assignee from ${schema}.follow_up_tasks) t) as tasks,
                  (select json_agg(h order by report_id, hop) from (select report_id, hop, to_unit, acknowledged_at is not null as acknowledged from ${schema}.report_hops) h) as hops,
                  (select count(*) from ${schema}.deadlines where fired_at is null) as pending`,
        )
      ).rows[0];
    const before = await snapshot();

    const replayed = (await reporting.app.get(ProjectionRunner).rebuild()).eventsRead;

    expect(replayed).toBeGreaterThan(10);
    expect(await snapshot()).toEqual(before);
  });
});
