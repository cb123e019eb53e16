import { uuidv7 } from '@yuqing/event-store';
import { eventually } from '@yuqing/testing';
import { screenshot, seriousViolations } from './browser';
import { consoleRun } from './console-run';

// The console in a real headless Chromium (Debian's package) against the real platform: people sign in with
// their passwords (the demo tree's users), and see and decide what the work plans give them, live. Items and the
// steps no screen is for (a crawler's batch, a county's bulletin) go through the API, as integrators send them.

const COUNTY = 'cn.yn.km.yl';
const OTHER_COUNTY = 'cn.yn.km.sl';
const CITY = 'cn.yn.km';
// Ingestion keeps a title as captured and turns a body into plain text: the title carries the markup here.
const HOSTILE_TITLE = '宜良县<script>window.__pwned=1</script>停水三天<img src=x onerror="window.__pwned=2">';
const HOSTILE_TEXT = '居民反映停水<img src=x onerror="window.__pwned=1">无人处理，<b>请关注</b>。';
// The 一级 incident the grading authority confirms; the auditor later checks its record.
const ROAD_COLLAPSE = `云南宜良：城区路面塌陷多日无人管 ${uuidv7().slice(-6)}`;

const { platform, browser, as, call, signedIn, capture } = consoleRun();

/** An item carried by 人民网 transferred down to the county: grading proposes 一级. */
async function level1Proposed(title: string, text: string): Promise<string> {
  const n = uuidv7();
  const transfer = await call('POST', '/api/ingestion/transfers', await as('internet-office', CITY), {
    orgUnit: COUNTY,
    transferReference: `console-${n}`,
    respondBy: new Date(Date.now() + 86_400_000).toISOString(),
    item: {
      url: `http://www.people.com.cn/n1/2026/console-${n}.html`,
      platform: 'news-site',
      reachTier: 'central-media',
      outlet: '人民网',
      title,
      text,
      captureMethod: 'manual',
    },
  });
  expect(transfer.status).toBe(200);
  const incidentId = transfer.body.incidentId as string;
  await eventually(
    'grading to propose 一级',
    async () => {
      const incident = await call(
        'GET',
        `/api/grading/incidents/${incidentId}`,
        await as('grading-authority', CITY),
      );
      return incident.status === 200 && incident.body.openProposal ? true : undefined;
    },
    120_000,
  );
  return incidentId;
}

describe('the console (控制台), in a real browser', () => {
  it('a monitor sees a new incident appear on the duty board live, opens it, reads hostile text as text, and dismisses an item', async () => {
    const page = await signedIn('yl.monitor');
    await page.getByRole('heading', { name: /值班台/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const incidentId = await capture(COUNTY, HOSTILE_TITLE, HOSTILE_TEXT, '宜良 AND 停水');
    // No reload: the row arrives over the live stream.
    const row = page.getByTestId('incident-row').filter({ hasText: '停水三天' });
    await row.first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'duty-board');

    await row.first().click();
    await page.waitForURL(`**/incidents/${incidentId}`);
    const item = page.getByTestId('item').first();
    await item.waitFor();
    // Captured markup is shown as the characters it is made of, and nothing of it ran.
    await expect(item.innerText()).resolves.toContain(HOSTILE_TITLE);
    await expect(item.innerText()).resolves.toContain('居民反映停水无人处理，请关注。');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('[data-testid="item"] img, [data-testid="item"] script').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'incident');

    await item.getByRole('button', { name: '排除' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('排除理由').fill('重复转载，非本地事件');
    await dialog.getByRole('button', { name: '确认排除' }).click();
    await item.getByText('已排除').waitFor({ timeout: 30_000 });
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  }, 240_000);

  it('the grading authority confirms 一级 and the phone flash report’s countdown shows under 30 minutes', async () => {
    const incidentId = await level1Proposed(
      ROAD_COLLAPSE,
      '宜良县城区一路段塌陷，车辆受损，网民质疑有关部门处置迟缓。',
    );
    const page = await signedIn('km.grading');
    await page.goto(`${platform().gateway.url}/incidents/${incidentId}`);
    await page.getByRole('button', { name: '确认一级' }).click();
    const phone = page.getByTestId('obligation').filter({ hasText: '电话速报' }).getByTestId('countdown');
    await phone.waitFor({ timeout: 60_000 });
    const shown = await phone.innerText();
    const [minutes, seconds] = shown
      .match(/(\d+):(\d{2})/)!
      .slice(1)
      .map(Number) as [number, number];
    expect(minutes * 60 + seconds).toBeLessThan(30 * 60);
    expect(minutes * 60 + seconds).toBeGreaterThan(25 * 60);
    await screenshot(page, 'grading');
  }, 240_000);

  it('a county leader sees nothing of another county: not on the board, and its address answers 未找到', async () => {
    const elsewhere = await capture(
      OTHER_COUNTY,
      '石林县某景区门票纠纷',
      '游客反映石林县某景区门票纠纷。',
      '石林 AND 门票',
      '石林论坛',
    );
    const page = await signedIn('yl.leader');
    await page.getByRole('heading', { name: /值班台/ }).waitFor();
    expect(await page.getByTestId('incident-row').filter({ hasText: '石林县某景区' }).count()).toBe(0);
    await page.goto(`${platform().gateway.url}/incidents/${elsewhere}`);
    await page.getByText('未找到该事件').waitFor();
  }, 240_000);

  it('the city’s leader signs off a county’s 《网上舆情》 bulletin with an instruction, and the follow-up task appears', async () => {
    const incidentId = await level1Proposed(
      `宜良县某中学食堂饭菜变质 ${uuidv7().slice(-6)}`,
      '家长反映宜良县某中学食堂饭菜变质，多名学生就餐后身体不适，学校未作说明。',
    );
    const authority = await as('grading-authority', CITY);
    const incident = await call('GET', `/api/grading/incidents/${incidentId}`, authority);
    const proposal = incident.body.openProposal as { proposalId: string };
    const overridden = await call('POST', `/api/grading/incidents/${incidentId}/grade-overrides`, authority, {
      proposalId: proposal.proposalId,
      grade: { level: 'level-2', exceptional: false },
      reason: '影响限于本县，按二级处置。',
    });
    expect(overridden.status).toBe(201);
    const admin = await as('opinion-admin', COUNTY);
    const obligation = await eventually('the bulletin obligation', async () => {
      const listed = await call('GET', `/api/reporting/obligations?incidentId=${incidentId}`, admin);
      return (listed.body.obligations as { kind: string; obligationId: string }[]).find(
        (o) => o.kind === 'bulletin',
      );
    });
    const submitted = await call('POST', '/api/reporting/bulletins', admin, {
      obligationId: obligation.obligationId,
      title: '宜良县某中学食堂饭菜变质引发关注',
      body: '一、基本情况。家长反映某中学食堂饭菜变质。二、研判。三、建议。',
      recipientOrgUnitId: CITY,
      submittedAt: new Date().toISOString(),
    });
    expect(submitted.status).toBe(201);

    const page = await signedIn('km.leader');
    await page.goto(`${platform().gateway.url}/reporting`);
    await page.getByRole('tab', { name: '《网上舆情》' }).click();
    const bulletin = page.getByRole('row').filter({ hasText: '宜良县某中学食堂饭菜变质引发关注' });
    await bulletin.getByRole('button', { name: /签批/ }).click();
    const dialog = page.getByRole('dialog');
    // The leader signs the version shown in the dialog, and the list and the API then name that version.
    const reading = dialog.getByTestId('signing-version');
    await reading.waitFor({ timeout: 30_000 });
    const version = (await reading.locator('code').innerText()).trim();
    await dialog.getByLabel('批示内容').fill('请宜良县今日内查明原因，并在网上回应家长关切。');
    await dialog.getByRole('button', { name: '提交批示' }).click();
    await bulletin.getByText(/已签批/).waitFor({ timeout: 30_000 });
    expect(await bulletin.getByTestId('signed-version').getAttribute('title')).toBe(version);
    const bulletinId = submitted.body.reportId as string;
    const versions = await call('GET', `/api/reporting/bulletins/${bulletinId}/document-versions`, admin);
    expect(
      (versions.body.items as { versionId: string; signed: boolean }[])
        .filter((v) => v.signed)
        .map((v) => v.versionId),
    ).toEqual([version]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'reporting');

    await page.getByRole('tab', { name: '督办任务' }).click();
    await page
      .getByTestId('follow-up-task')
      .filter({ hasText: /查明原因|回应家长/ })
      .first()
      .waitFor({ timeout: 30_000 });
  }, 240_000);

  it('says why a sign-in fails, passes an accessibility check on every main page, and signs out', async () => {
    const context = await browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const start = await context.newPage();
    await start.goto(`${platform().gateway.url}/`);
    expect(await seriousViolations(start)).toEqual([]);
    await screenshot(start, 'sign-in');
    await start.getByLabel('用户名').fill('yl.wxb');
    await start.getByLabel('密码').fill('not-the-password');
    await start.getByRole('button', { name: '登录' }).click();
    await start.getByText('用户名或密码错误').waitFor();

    const page = await signedIn('yl.wxb');
    const pages: [string, string, string][] = [
      ['报送', '/reporting', 'reporting-inbox'],
      ['口径与发布', '/guidance', 'guidance'],
      ['管理', '/admin', 'admin'],
    ];
    for (const [label, path, shot] of pages) {
      await page.getByRole('navigation').getByText(label, { exact: true }).click();
      await page.waitForURL(`**${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
      await screenshot(page, shot);
    }
    for (const tab of ['用户与授权', '信源与媒体名录', '监测规则', '重点时段']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForLoadState('networkidle');
      expect({ tab, violations: await seriousViolations(page) }).toEqual({ tab, violations: [] });
    }
    // Nothing the internet office may not open is offered.
    expect(await page.getByRole('navigation').getByText('审计', { exact: true }).count()).toBe(0);

    const auditor = await signedIn('km.auditor');
    await auditor.getByRole('navigation').getByText('审计', { exact: true }).click();
    await auditor.waitForURL('**/audit');
    // The search narrows the list to that one incident; Enter takes the first match, as a keyboard user would.
    await auditor.getByLabel('选择事件').fill(ROAD_COLLAPSE);
    await auditor.getByRole('option', { name: ROAD_COLLAPSE }).waitFor({ state: 'attached' });
    await auditor.getByLabel('选择事件').press('Enter');
    // Both records of the confirmed 一级 incident, recomputed by the services now, hold.
    const chains = auditor.getByTestId('chain-result');
    await chains.nth(1).waitFor();
    expect(await chains.allInnerTexts()).toEqual([
      expect.stringMatching(/^定级记录：完整/),
      expect.stringMatching(/^报送记录：完整/),
    ]);
    await auditor.getByRole('slider', { name: '回放时间' }).waitFor();
    await auditor.waitForLoadState('networkidle');
    expect(await seriousViolations(auditor)).toEqual([]);
    await screenshot(auditor, 'audit');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').waitFor();
    // The session is over on the server too: the API answers 401 to this browser.
    const after = await page.evaluate<number>(`fetch('/api/identity/me').then((r) => r.status)`);
    expect(after).toBe(401);
  }, 240_000);
});
