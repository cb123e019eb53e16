import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uuidv7 } from '@yuqing/event-store';
import { eventually, gatewayClient, startPlatform, type RunningPlatform } from '@yuqing/testing';
import { ensureConsoleBuilt, launchChromium } from './browser';

/** The demo tree's password: people sign in through the sign-in page, as they would. */
const PASSWORD = 'yuqing-demo-2026';

/** A browser spec's platform and Chromium, started before its tests and closed after them. */
export interface ConsoleRun {
  readonly platform: () => RunningPlatform;
  readonly browser: () => Browser;
  readonly as: ReturnType<typeof gatewayClient>['as'];
  readonly call: ReturnType<typeof gatewayClient>['call'];
  /** A person at their own browser (zh-CN, Beijing time, a laptop's screen), signed in through the sign-in page. */
  signedIn(username: string): Promise<Page>;
  /** A crawler's item for `orgUnit`, matched by a monitoring rule of the unit: the incident it opened. */
  capture(orgUnit: string, title: string, text: string, expression: string, outlet?: string): Promise<string>;
}

/** Registers the spec's beforeAll/afterAll: the real platform (the console built) and Debian's Chromium. */
export function consoleRun(): ConsoleRun {
  let platform: RunningPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const { as, call } = gatewayClient(() => platform);

  beforeAll(async () => {
    ensureConsoleBuilt();
    [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
  });

  async function signedIn(username: string): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${platform.gateway.url}/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('who').waitFor();
    return page;
  }

  async function capture(
    orgUnit: string,
    title: string,
    text: string,
    expression: string,
    outlet = '宜良论坛',
  ): Promise<string> {
    const rule = await call(
      'PUT',
      `/api/ingestion/rules/console-${uuidv7()}`,
      await as('opinion-admin', orgUnit),
      {
        orgUnit,
        name: expression,
        expression,
      },
    );
    expect(rule.status).toBe(200);
    const crawler = await platform.signer.sign({
      subject: `console-e2e-crawler-${orgUnit}`,
      kind: 'integrator',
      grants: [{ grantId: uuidv7(), role: 'integrator', orgUnit }],
      scopes: ['ingestion.capture-item'],
    });
    const answer = await call('POST', '/api/ingestion/items', crawler, {
      orgUnit,
      items: [
        {
          url: `https://bbs.example.cn/thread/${uuidv7()}`,
          platform: 'forum',
          reachTier: 'local',
          outlet,
          title,
          text,
          captureMethod: 'crawler',
        },
      ],
    });
    expect(answer.status).toBe(200);
    const itemId = (answer.body.outcomes as { itemId: string }[])[0]!.itemId;
    return eventually('the item in an incident', async () => {
      const items = await call('GET', '/api/ingestion/items?limit=50', await as('monitor', orgUnit));
      return (items.body.items as { itemId: string; incidentId?: string }[]).find((i) => i.itemId === itemId)
        ?.incidentId;
    });
  }

  return { platform: () => platform, browser: () => browser, as, call, signedIn, capture };
}
