import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Debian's Chromium, installed by the project's script when missing (never a browser a library downloads), run
 * headless. As root the sandbox cannot start; the pages are our own console.
 */
export async function launchChromium(): Promise<Browser> {
  const script = path.join(ROOT, 'deploy/local/chromium.sh');
  execFileSync('bash', [script, 'up'], { stdio: 'inherit' });
  const executablePath = execFileSync('bash', [script, 'path']).toString().trim();
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
}

/** Builds the console when its build is missing or stale (tools/console-build.js, as `npm start` does). */
export function ensureConsoleBuilt(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script shared with npm start
  const { ensureConsoleBuilt: build } = require(path.join(ROOT, 'tools/console-build.js')) as {
    ensureConsoleBuilt(): void;
  };
  build();
}

export interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2 A and AA rules). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // A dialog fading in is checked as it will be seen, not half transparent: on a loaded machine the fade lasts long
  // enough for axe to compute colour contrast against a partly painted modal. Endless ones (a spinner) never end.
  // Polled with evaluate: waitForFunction evaluates its string with eval, which the page's CSP refuses.
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const settled = await page.evaluate<boolean>(
      `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)`,
    );
    if (settled) break;
    await page.waitForTimeout(50);
  }
  // Evaluated through the debugging protocol, which the page's script-src 'self' does not govern.
  await page.evaluate(axe.source);
  // A string, run in the page (this file is compiled without the DOM's types).
  const results = await page.evaluate<Violation[]>(`(async () => {
    const outcome = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return outcome.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 300)),
    }));
  })()`);
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * A screenshot of the page for docs/console.md: into docs/console/ when CONSOLE_SCREENSHOTS=docs
 * (`npm run test:console -- --screenshots`), else under .local/ so a test run leaves the tree unchanged.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder =
    process.env.CONSOLE_SCREENSHOTS === 'docs'
      ? path.join(ROOT, 'docs/console')
      : path.join(ROOT, '.local/console-screenshots');
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: false });
}
