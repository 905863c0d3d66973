// Headless Chromium for the webview's tests and benchmark: Debian's chromium through playwright-core (no
// browser download), and the webview bundle built once per process.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/webview';
import { CHROMIUM_PATH } from './chromium';

const execFileAsync = promisify(execFile);

export { CHROMIUM_PATH };

let builtInto: string | undefined;

/**
 * Builds webview.js and webview.css with scripts/build.mjs, once per process, into a folder of the process's
 * own, and returns it. Not into dist/: the browser test files run two at a time, and one rewriting
 * dist/webview.js while the other's page loads it left that page without a script (it never said `ready`).
 */
export async function buildWebview(): Promise<string> {
  if (builtInto) return builtInto;
  const folder = mkdtempSync(join(tmpdir(), 'ponder-webview-'));
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  try {
    await execFileAsync(process.execPath, ['scripts/build.mjs', '--quiet', '--webview-only', `--outdir=${folder}`], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`the webview bundle did not build: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  builtInto = folder;
  return folder;
}

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new Error(
      `Chromium did not start from ${CHROMIUM_PATH} (${reason}). \`npm test\` installs Debian's chromium when it is missing; ` +
        'or install it yourself (apt-get install chromium), or set PONDER_CHROMIUM to a Chromium or Chrome binary.',
    );
  }
}

/** Sends a message as the host would (window message event). */
export async function sendToPage(page: Page, message: HostToWebview): Promise<void> {
  // Browser-side code is passed as text: the tests compile without the DOM library.
  await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
}

export async function sentByPage(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate<WebviewToHost[]>('window.ponderFakeHost ? window.ponderFakeHost.sent : []');
}

/**
 * Polls `expression` (evaluated in the page through the debugger, which the page's CSP allows, unlike
 * Playwright's `waitForFunction`) until it is truthy.
 */
export async function pollPage(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the page has drawn `nodes` nodes. */
export async function waitForNodes(page: Page, nodes: number): Promise<void> {
  await pollPage(page, `document.getElementById('app').dataset.nodes === '${nodes}'`);
}

/**
 * The serious and critical violations axe-core finds on the page as it stands. axe is evaluated through the
 * debugger, which the page's CSP does not govern (an injected <script> would be blocked).
 */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  await page.evaluate(readFileSync('node_modules/axe-core/axe.min.js', 'utf8'));
  const violations = await page.evaluate<{ id: string; impact: string; nodes: number }[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`,
  );
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
