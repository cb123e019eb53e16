import mammoth from 'mammoth';
import request from 'supertest';
import { formatDateTime } from '@yuqing/reporting-documents';
import { pdfText } from '@yuqing/reporting-documents/testing';
import { ConsumerHost, receivedEvent } from '@yuqing/service-kit';
import { uniqueName } from '@yuqing/testing';
import { PeopleHandler } from '../read-models/people/people.handler';
import {
  asBytes,
  grade,
  gradedNow,
  obligationOf as obligationOfIncident,
  startTestReporting,
  type TestReporting,
} from '../testing/reporting-app';

// The documents as an office downloads them: a 二级 bulletin submitted through the API comes back as a PDF whose text
// (read back with pdf-parse, as a recipient's tools would) holds the Chinese title and the deadline, and as a DOCX
// that opens; the flash report as text; the digests as documents. Against real PostgreSQL and Kafka.
const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
const TITLE = '关于网传宜良县匡远街道连续停水三天的舆情';
let reporting: TestReporting;

const token: TestReporting['token'] = (role, orgUnit) => reporting.token(role, orgUnit);

const api = () => request(reporting.app.getHttpServer());

async function download(path: string): Promise<request.Response> {
  return api()
    .get(path)
    .set('authorization', `Bearer ${await token('opinion-admin')}`)
    .buffer(true)
    .parse(asBytes)
    .expect(200);
}

const obligationOf = (incidentId: string, kind: string) => obligationOfIncident(reporting, incidentId, kind);

/** The accounts that act in this file (the test tokens' subjects): no document may print one. */
const LEADER = 'principal-leader-1';
const STAFF = 'opinion-admin-1';
const CITY_DUTY = 'city-duty-officer-1';
const ACCOUNTS = [LEADER, STAFF, CITY_DUTY];

/** Identity's event about `userId`, as the people consumer receives it from Kafka. */
async function fromIdentity(
  type: string,
  data: Record<string, unknown>,
  orgUnit: string,
  time: Date,
): Promise<void> {
  const streamId =
    type === 'identity.OrgUnitCreated'
      ? `identity-orgunit-${orgUnit}`
      : `identity-user-${String(data['userId'])}`;
  const delivered = await reporting.app
    .get(ConsumerHost)
    .deliver(PeopleHandler, receivedEvent(type, data, orgUnit, { streamId, time }));
  expect(delivered).toBe(true);
}

beforeAll(async () => {
  reporting = await startTestReporting({
    schemaPrefix: 'repdoc',
    env: { REPORTING_OFFICE_NAMES: JSON.stringify({ [COUNTY]: '宜良县委网信办', [CITY]: '昆明市委网信办' }) },
  });
  // Who signs and sends, as identity registered them a day before (the city's 市委 is named by identity only).
  const dayBefore = new Date(reporting.clock.now().getTime() - 86_400_000);
  await fromIdentity(
    'identity.OrgUnitCreated',
    { orgUnit: 'cn.yn.km.swb', parent: CITY, kind: 'department', name: '中共昆明市委' },
    'cn.yn.km.swb',
    dayBefore,
  );
  await fromIdentity(
    'identity.UserRegistered',
    {
      userId: LEADER,
      username: 'km.leader',
      displayName: '赵志刚',
      post: '昆明市委宣传部副部长',
      orgUnit: 'cn.yn.km.swb',
    },
    'cn.yn.km.swb',
    dayBefore,
  );
  // Promoted an hour before anything here is signed: documents name the post in force when they are signed.
  await fromIdentity(
    'identity.UserProfileChanged',
    { userId: LEADER, displayName: '赵志刚', post: '昆明市委常委、宣传部部长' },
    'cn.yn.km.swb',
    new Date(reporting.clock.now().getTime() - 3_600_000),
  );
  await fromIdentity(
    'identity.UserRegistered',
    { userId: STAFF, username: 'yl.admin', displayName: '孙丽', post: '舆情管理员', orgUnit: COUNTY },
    COUNTY,
    dayBefore,
  );
  await fromIdentity(
    'identity.UserRegistered',
    { userId: CITY_DUTY, username: 'km.duty', displayName: '周强', orgUnit: CITY },
    CITY,
    dayBefore,
  );
});

afterAll(async () => {
  await reporting?.close();
});

describe('documents served by the reporting API', () => {
  let bulletinId: string;
  let deadline: string;

  beforeAll(async () => {
    const incidentId = uniqueName('inc');
    const now = reporting.clock.now();
    await grade(reporting.app, {
      incidentId,
      orgUnit: COUNTY,
      grade: { level: 'level-2', exceptional: false },
      aroseAt: now,
      gradedAt: now,
      title: TITLE,
    });
    const obligation = await obligationOf(incidentId, 'bulletin');
    deadline = obligation.dueAt;
    const submitted = await api()
      .post('/api/reporting/bulletins')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .send({
        obligationId: obligation.obligationId,
        title: TITLE,
        body: '一、基本情况：……',
        summary: '11月20日起，网民在宜良论坛发帖反映匡远街道连续停水三天，云南网跟进报道。',
        assessment: '停水涉及民生，恢复迟缓可能引发更多媒体关注。',
        suggestions: ['请县水务局尽快恢复供水并公布进展。', '在原帖下及时回应网民关切。'],
        sources: [
          { outlet: '宜良论坛', platform: 'forum', url: 'https://bbs.yiliang.example.cn/t/1' },
          { outlet: '云南网', publishedAt: now.toISOString() },
        ],
        staff: { editor: '李明', reviewer: '王芳' },
        figures: [{ name: '停水天数', value: 3, unit: '天' }],
        recipientOrgUnitId: CITY,
        submittedAt: now.toISOString(),
      })
      .expect(201);
    bulletinId = submitted.body.reportId as string;
  });

  it('numbers a bulletin submitted without a 期号 as the unit’s first of the year', async () => {
    const response = await api()
      .get('/api/reporting/bulletins')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(200);
    const listed = (response.body.bulletins as { bulletinId: string; issueNumber: string }[]).find(
      (b) => b.bulletinId === bulletinId,
    );
    const year = new Date(reporting.clock.now().getTime() + 8 * 3_600_000).getUTCFullYear();
    expect(listed?.issueNumber).toBe(`〔${year}〕第1期`);
  });

  it('downloads the 二级 bulletin as a PDF whose text holds the Chinese title, the deadline in Beijing time and the blank 签批栏', async () => {
    const response = await download(`/api/reporting/bulletins/${bulletinId}/document.pdf`);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="bulletin-${bulletinId}.pdf"; filename*=UTF-8''${encodeURIComponent(`${TITLE}.pdf`)}`,
    );
    const text = await pdfText(response.body as Buffer);
    // The 二号 title may wrap onto two lines.
    expect(text.replace(/\n/g, '')).toContain(TITLE);
    expect(text).toContain(`报送时限：${formatDateTime(new Date(deadline))}前`);
    expect(text).toContain('宜良县委网信办');
    expect(text).toContain('昆明市委网信办');
    expect(text).toContain('停水涉及民生');
    expect(text).toContain('编辑：李明');
    // The figures the bulletin states, under 舆情摘要.
    expect(text).toContain('停水天数：3天');
    // Awaiting a leader: the 签批栏 has blank lines to sign on paper.
    expect(text).toMatch(/签批人：\s*年\s*月\s*日/);
  });

  it('downloads the bulletin as a DOCX that opens and holds the title', async () => {
    const response = await download(`/api/reporting/bulletins/${bulletinId}/document.docx`);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const { value } = await mammoth.extractRawText({ buffer: response.body as Buffer });
    expect(value).toContain(TITLE);
    expect(value).toContain('请县水务局尽快恢复供水并公布进展。');
  });

  it('shows the leader’s 批示 in the 签批栏 under the name and post the leader held when signing', async () => {
    await api()
      .post(`/api/reporting/bulletins/${bulletinId}/sign-offs`)
      .set('authorization', `Bearer ${await token('principal-leader', CITY)}`)
      .send({ instructions: '请县水务局今日内恢复供水。', signedOffAt: reporting.clock.now().toISOString() })
      .expect(201);
    // Promoted a minute after signing: the bulletin still names the post of the day it was signed.
    await fromIdentity(
      'identity.UserProfileChanged',
      { userId: LEADER, displayName: '赵志刚', post: '昆明市副市长' },
      'cn.yn.km.swb',
      new Date(reporting.clock.now().getTime() + 60_000),
    );
    const signed = `签批人：赵志刚（昆明市委常委、宣传部部长，中共昆明市委）`;
    const pdf = (
      await pdfText((await download(`/api/reporting/bulletins/${bulletinId}/document.pdf`)).body as Buffer)
    ).replace(/\s/g, '');
    expect(pdf).toContain('请县水务局今日内恢复供水。');
    expect(pdf).toContain(signed);
    expect(pdf).not.toContain('昆明市副市长');
    expect(pdf).not.toContain('副部长');
    const docx = await download(`/api/reporting/bulletins/${bulletinId}/document.docx`);
    expect(
      (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value.replace(/\s/g, ''),
    ).toContain(signed);
  });

  it('gives the flash report of a 一级 incident as text with its deadline, in the short and the full form', async () => {
    const incidentId = await gradedNow(reporting, 'level-1', '宜良县城区路面塌陷致车辆受损');
    const phone = await obligationOf(incidentId, 'phone-flash');
    const full = await api()
      .get(`/api/reporting/obligations/${phone.obligationId}/flash-report`)
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(200);
    expect(full.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(full.text).toContain('宜良县城区路面塌陷致车辆受损');
    expect(full.text).toContain(`报送时限：${formatDateTime(new Date(phone.dueAt))}前`);
    const short = await api()
      .get(`/api/reporting/obligations/${phone.obligationId}/flash-report?form=short`)
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(200);
    expect(Array.from(short.text).length).toBeLessThanOrEqual(500);
    expect(short.text).toContain('报送时限');

    const paper = await download(`/api/reporting/obligations/${phone.obligationId}/flash-report.pdf`);
    expect(paper.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(paper.body as Buffer)).toContain(formatDateTime(new Date(phone.dueAt)));
  });

  it('names who sent a flash report and who took it, by name, post and unit, and prints no account id in any document', async () => {
    const incidentId = await gradedNow(reporting, 'level-1', '宜良县城区燃气管道泄漏');
    const now = reporting.clock.now();
    const phone = await obligationOf(incidentId, 'phone-flash');
    await api()
      .post('/api/reporting/flash-reports')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .send({
        obligationId: phone.obligationId,
        method: 'phone',
        recipientOrgUnitId: CITY,
        recipientUserId: CITY_DUTY,
        sentAt: now.toISOString(),
        summary: '城区燃气管道泄漏，已疏散周边群众。',
      })
      .expect(201);
    const full = await api()
      .get(`/api/reporting/obligations/${phone.obligationId}/flash-report`)
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(200);
    expect(full.text).toContain('报送人：孙丽（舆情管理员，宜良县委网信办）');
    expect(full.text).toContain('接报人：周强（昆明市委网信办）');

    // Every kind of document this service renders, in every form: none prints the account of anyone who acted.
    const texts = [
      full.text,
      (
        await api()
          .get(`/api/reporting/obligations/${phone.obligationId}/flash-report?form=short`)
          .set('authorization', `Bearer ${await token('opinion-admin')}`)
      ).text,
      await pdfText(
        (await download(`/api/reporting/obligations/${phone.obligationId}/flash-report.pdf`)).body as Buffer,
      ),
      await pdfText((await download(`/api/reporting/bulletins/${bulletinId}/document.pdf`)).body as Buffer),
      (
        await mammoth.extractRawText({
          buffer: (await download(`/api/reporting/bulletins/${bulletinId}/document.docx`)).body as Buffer,
        })
      ).value,
      (
        await api()
          .get('/api/reporting/digests/daily?format=text')
          .set('authorization', `Bearer ${await token('opinion-admin')}`)
      ).text,
      await pdfText((await download('/api/reporting/digests/weekly?format=pdf')).body as Buffer),
    ];
    expect(texts.every((text) => text.length > 100)).toBe(true);
    for (const text of texts)
      for (const account of ACCOUNTS) expect(text.replace(/\s/g, '')).not.toContain(account);
  });

  it('renders the daily digest as PDF, DOCX and text next to the JSON', async () => {
    const pdf = await download('/api/reporting/digests/daily?format=pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const docx = await download('/api/reporting/digests/weekly?format=docx');
    expect((await mammoth.extractRawText({ buffer: docx.body as Buffer })).value).toContain('周报');
    const text = await api()
      .get('/api/reporting/digests/daily?format=text')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.text).toContain('日报');
    await api()
      .get('/api/reporting/digests/daily')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(200)
      .expect('content-type', /application\/json/);
  });

  it('answers 404 for an unknown bulletin, 400 naming the field for a bad query, 403 outside the scope', async () => {
    const unknown = await api()
      .get('/api/reporting/bulletins/no-such-bulletin/document.pdf')
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(404)
      .expect('content-type', /application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 404 });

    const bad = await api()
      .get(`/api/reporting/digests/daily?format=xlsx`)
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'format' })]);

    const form = await api()
      .get(`/api/reporting/obligations/no-such-obligation/flash-report?form=long`)
      .set('authorization', `Bearer ${await token('opinion-admin')}`);
    // The guard resolves the obligation first: an unknown one is 404 whatever the query.
    expect(form.status).toBe(404);

    const extra = await api()
      .get(`/api/reporting/bulletins/${bulletinId}/document.pdf?form=short`)
      .set('authorization', `Bearer ${await token('opinion-admin')}`)
      .expect(400);
    expect(extra.body.errors).toHaveLength(1);

    await api()
      .get(`/api/reporting/bulletins/${bulletinId}/document.pdf`)
      .set('authorization', `Bearer ${await token('opinion-admin', 'cn.yn.km.sl')}`)
      .expect(403);
  });
});
