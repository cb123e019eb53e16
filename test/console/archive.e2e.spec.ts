import { uuidv7 } from '@yuqing/event-store';
import { eventually } from '@yuqing/testing';
import { screenshot, seriousViolations } from './browser';
import { consoleRun } from './console-run';

// The console's archive pages (案例库, 案卷) in a real Chromium against the real platform: an incident forms from a
// captured item, the archive files its case from the log, the county's internet office closes it through the
// API, and then people find it, read it, and see their own read on record (第三十条).

const COUNTY = 'cn.yn.km.yl';
const RUN = uuidv7().slice(-6);
// Captured titles are hostile: the markup must reach the page as the characters it is made of.
const HOSTILE_TITLE = `宜良县<img src=x onerror="window.__pwned=1">夜市噪音扰民无人管 ${RUN}`;

const { as, call, signedIn, capture } = consoleRun();

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
