import { uuidv7 } from '@yuqing/event-store';
import { eventually } from '@yuqing/testing';
import { screenshot, seriousViolations } from './browser';
import { consoleRun } from './console-run';

// The console's archive pages (案例库, 案卷) in a real Chromium against the real platform: an incident forms from a
// captured item, the archive files its case from the log, the county's internet office closes it through the
// API, and then people find it, read it, and see their own read on record (第三十条).
// The review page (考评) shares this platform: a finding the services derive from the log, ruled and rated there.

const COUNTY = 'cn.yn.km.yl';
const RUN = uuidv7().slice(-6);
// Captured titles are hostile: the markup must reach the page as the characters it is made of.
const HOSTILE_TITLE = `宜良县<img src=x onerror="window.__pwned=1">夜市噪音扰民无人管 ${RUN}`;

const CITY = 'cn.yn.km';
// The title of an official site's post nobody approved: the review quotes it in the finding's summary.
const HOSTILE_RELEASE = `关于城区停水的说明<script>window.__pwned=3</script><img src=x onerror="window.__pwned=4"> ${RUN}`;

const { platform, as, call, signedIn, capture } = consoleRun();

describe('the console’s archive pages (案例库, 案卷), in a real browser', () => {
  it('a closed case is found in the library with the word marked, its case file lists its entries and the read, and a monitor gets the library only', async () => {
    const incidentId = await capture(
      COUNTY,
      HOSTILE_TITLE,
      '网民反映宜良县夜市噪音扰民，深夜不止，无人管理。',
      '宜良 AND 噪音',
    );
    const office = await as('internet-office', COUNTY);
    await eventually(
      'the archive to file the case',
      async () => {
        const file = await call('GET', `/api/archive/cases/${incidentId}`, office);
        // Its detection and its item (filed once the capture is known too): closing earlier, the item would reopen it.
        const kinds =
          file.status === 200 ? (file.body.entries as { entryKind: string }[]).map((e) => e.entryKind) : [];
        return kinds.includes('incident-detected') && kinds.includes('item') ? true : undefined;
      },
      120_000,
    );
    // Ungraded (or proposed 三级 and not confirmed): closed with its category and tags, no summary needed.
    const closed = await call('POST', `/api/archive/cases/${incidentId}/closures`, office, {
      category: '环境噪声',
      tags: ['夜市', '噪音扰民'],
    });
    expect({ status: closed.status, body: closed.body }).toEqual({ status: 201, body: expect.anything() });
    await eventually('the case in the library', async () => {
      const found = await call('GET', `/api/archive/library?q=${encodeURIComponent('噪音')}`, office);
      return (found.body.cases as { caseId: string }[]).some((c) => c.caseId === incidentId)
        ? true
        : undefined;
    });

    const page = await signedIn('yl.wxb');
    await page.getByRole('navigation').getByText('案例库', { exact: true }).click();
    await page.waitForURL('**/library');
    await page.getByLabel('关键词').fill('噪音');
    await page.getByLabel('关键词').press('Enter');
    const card = page.locator(`[data-testid="library-case"][data-case-id="${incidentId}"]`);
    await card.waitFor({ timeout: 30_000 });
    await page.getByTestId('matched').waitFor();
    // The matched word is marked; the hostile title is shown as text and nothing of it ran.
    expect(await card.locator('mark').allInnerTexts()).toContain('噪音');
    await expect(card.innerText()).resolves.toContain(HOSTILE_TITLE);
    await expect(card.innerText()).resolves.toContain('环境噪声');
    expect(await card.locator('img, script').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'library');

    await card.getByRole('link').click();
    await page.waitForURL(`**/cases/${incidentId}`);
    await page.getByTestId('case-entry').first().waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(HOSTILE_TITLE);
    const kinds = await page
      .getByTestId('case-entry')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-kind')));
    expect(kinds[0]).toBe('incident-detected');
    expect(kinds).toContain('item');
    await expect(page.getByTestId('case-entry').first().innerText()).resolves.toContain('发现事件');
    await expect(page.getByTestId('entry-source').first().innerText()).resolves.toMatch(
      /来源：采集 · .+ #\d+/,
    );
    expect(await page.getByText('已结案', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // This very view is on record: the read is projected a moment after it is recorded.
    await eventually('my read in 查阅记录', async () => {
      const mine = page.getByTestId('case-read').filter({ hasText: '（本人）' }).filter({ hasText: '查看' });
      if ((await mine.count()) > 0) return true;
      await page.reload();
      await page.getByTestId('case-entry').first().waitFor();
      return undefined;
    });
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'case-file');

    // 重新启用 and 结案 from the page. A refusal stays in the dialog in the service's words.
    await page.getByRole('button', { name: '重新启用' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('重新启用理由').fill('新');
    await dialog.getByRole('button', { name: '确认重新启用' }).click();
    await dialog.getByRole('alert').filter({ hasText: '不符合规则' }).waitFor();
    await dialog.getByLabel('重新启用理由').fill('结案后又有网民反映夜市噪音');
    await dialog.getByRole('button', { name: '确认重新启用' }).click();
    await page.getByRole('button', { name: '结案' }).waitFor({ timeout: 30_000 });
    expect(await page.getByText('在办', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '结案' }).click();
    dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('类别').inputValue()).toBe('环境噪声');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '确认结案' }).click();
    await page.getByRole('button', { name: '重新启用' }).waitFor({ timeout: 30_000 });

    const monitor = await signedIn('yl.monitor');
    const nav = monitor.getByRole('navigation');
    await nav.getByText('案例库', { exact: true }).waitFor();
    expect(await nav.getByText('案卷', { exact: true }).count()).toBe(0);
    await nav.getByText('案例库', { exact: true }).click();
    await monitor.getByLabel('关键词').fill('噪音');
    await monitor.getByLabel('关键词').press('Enter');
    const seen = monitor.locator(`[data-testid="library-case"][data-case-id="${incidentId}"]`);
    await seen.waitFor({ timeout: 30_000 });
    // The monitor reads the library's summary, not the case file: no link to it.
    expect(await seen.getByRole('link').count()).toBe(0);
  }, 300_000);
});

describe('the console’s review page (考评), in a real browser', () => {
  it('a county’s 擅自发布 appears for it, ruled only from above: the city confirms it with a reason and rates the quarter, the county not 优秀 with the line, and issues the 通报', async () => {
    // Through the real services: the county registers its official site with guidance; a post of it that no
    // approved release covers is captured; guidance detects it and the review records the finding from the log.
    const host = `www.e${RUN}.gov.cn`;
    const account = await call('POST', '/api/guidance/accounts', await as('opinion-admin', COUNTY), {
      orgUnit: COUNTY,
      kind: 'website',
      platform: 'news-site',
      name: '宜良县人民政府门户网站',
      urlPrefixes: [`https://${host}/xwzx/`],
      authorNames: [],
    });
    expect(account.status).toBe(201);
    const captured = await call('POST', '/api/ingestion/items', await as('monitor', COUNTY), {
      orgUnit: COUNTY,
      items: [
        {
          captureMethod: 'manual',
          reachTier: 'local',
          platform: 'news-site',
          outlet: '宜良县人民政府门户网站',
          url: `https://${host}/xwzx/2026/${RUN}.html`,
          title: HOSTILE_RELEASE,
          text: '因管网抢修，城区部分片区停水至明日。',
        },
      ],
    });
    expect(captured.status).toBe(200);
    const city = await as('internet-office', CITY);
    const finding = await eventually(
      'the review to record the 擅自发布',
      async () => {
        const listed = await call('GET', '/api/review/findings?kind=unapproved-release&limit=50', city);
        return (listed.body.findings as { findingId: string; orgUnit: string; summary: string }[]).find((f) =>
          f.summary.includes(RUN),
        );
      },
      60_000,
    );
    expect(finding.orgUnit).toBe(COUNTY);
    const findingPath = `/review/findings/${encodeURIComponent(finding.findingId)}`;

    // The county's own office finds it in 考评, the captured title as text, and may not rule on it.
    const county = await signedIn('yl.wxb');
    await county.getByRole('navigation').getByText('考评', { exact: true }).click();
    await county.waitForURL('**/review');
    const row = county.locator(`[data-testid="finding-row"][data-finding-id="${finding.findingId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.getByTestId('finding-summary').innerText()).resolves.toContain(HOSTILE_RELEASE);
    await expect(row.innerText()).resolves.toMatch(/擅自发布[\s\S]*一般[\s\S]*待认定/);
    expect(await row.locator('img, script').count()).toBe(0);
    await county.waitForLoadState('networkidle');
    expect(await seriousViolations(county)).toEqual([]);
    await row.getByRole('link', { name: '擅自发布' }).click();
    await county.waitForURL(`**${findingPath}`);
    await county.getByTestId('ruled-from-above').waitFor();
    expect(await county.getByRole('button', { name: '认定', exact: true }).count()).toBe(0);
    // The service says the same (第二十九条): 403 to the unit ruling on itself.
    const own = await call(
      'POST',
      `/api/review/findings/${finding.findingId}/confirmation`,
      await as('internet-office', COUNTY),
      { reason: '本单位自行认定' },
    );
    expect({ status: own.status, rule: own.body.rule }).toEqual({
      status: 403,
      rule: 'review.ruled-from-above',
    });

    // The city's internet office confirms it with its reason.
    const reviewer = await signedIn('km.wxb');
    await reviewer.goto(`${platform().gateway.url}${findingPath}`);
    await reviewer.getByRole('button', { name: '认定', exact: true }).click();
    const dialog = reviewer.getByRole('dialog');
    await dialog.getByLabel('认定理由').fill('经核查，该稿件未经审批即在门户网站发布，情况属实。');
    // The service's answer, so a refusal fails here by its status and reason rather than as a status never shown.
    const answered = reviewer.waitForResponse(
      (response) =>
        response
          .url()
          .endsWith(`/api/review/findings/${encodeURIComponent(finding.findingId)}/confirmation`) &&
        response.request().method() === 'POST',
      { timeout: 60_000 },
    );
    await dialog.getByRole('button', { name: '确认认定' }).click();
    const confirmation = await answered;
    expect({ status: confirmation.status(), body: await confirmation.text() }).toMatchObject({ status: 201 });
    await reviewer.getByTestId('finding-status').filter({ hasText: '已认定' }).waitFor({ timeout: 30_000 });
    await expect(reviewer.getByTestId('ruling-reason').innerText()).resolves.toContain(
      '未经审批即在门户网站发布',
    );
    await expect(reviewer.getByTestId('finding-summary').innerText()).resolves.toContain(HOSTILE_RELEASE);
    expect(await reviewer.getByTestId('evidence').count()).toBeGreaterThan(0);
    expect(await reviewer.evaluate('window.__pwned')).toBeUndefined();
    await reviewer.waitForLoadState('networkidle');
    expect(await seriousViolations(reviewer)).toEqual([]);
    await screenshot(reviewer, 'review-finding');

    // 开展考评 for the quarter: 宜良县 cannot be 优秀, and its line names the finding.
    await reviewer.getByRole('navigation').getByText('考评', { exact: true }).click();
    await reviewer.getByRole('tab', { name: '考评等次' }).click();
    await reviewer.getByRole('button', { name: '开展考评' }).click();
    const rating = reviewer.locator(`[data-testid="rating-row"][data-org-unit="${COUNTY}"]`);
    await rating.waitFor({ timeout: 30_000 });
    await expect(rating.innerText()).resolves.toContain('不得评为优秀');
    expect(['合格', '不合格']).toContain(await rating.getByTestId('rating-grade').innerText());
    await rating.getByRole('button', { name: /展开/ }).click();
    const line = reviewer.locator(`[data-testid="rating-line"][data-finding-id="${finding.findingId}"]`);
    await line.waitFor();
    await expect(line.innerText()).resolves.toMatch(/擅自发布[\s\S]*已认定[\s\S]*−\d+[\s\S]*不得评为优秀/);
    await reviewer.waitForLoadState('networkidle');
    expect(await seriousViolations(reviewer)).toEqual([]);
    // The department's row and its lines in view for the picture.
    await reviewer.mouse.wheel(0, 480);
    await line.hover();
    await screenshot(reviewer, 'review-ratings');

    // 发布通报: the quarter's confirmed findings announced under a document number, the document linked.
    await reviewer.getByRole('tab', { name: '通报' }).click();
    await reviewer.getByRole('button', { name: '发布通报' }).click();
    const issue = reviewer.getByRole('dialog');
    const documentNumber = `昆网管通〔2026〕${RUN}号`;
    await issue.getByLabel('文号').fill(documentNumber);
    await issue.getByRole('button', { name: '确认发布' }).click();
    const notice = reviewer.getByRole('row').filter({ hasText: documentNumber });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.getByRole('link', { name: /PDF/ }).getAttribute('href')).toMatch(
      /^\/api\/review\/notices\/.+\/document\.pdf$/,
    );
    expect(await seriousViolations(reviewer)).toEqual([]);
  }, 120_000);
});
