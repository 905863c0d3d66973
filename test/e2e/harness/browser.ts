// Debian's Chromium driven by playwright-core, and the workbench gestures the UI test needs.
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../../support/chromium';
import { pollUntil } from './poll';

export const CHROMIUM = CHROMIUM_PATH;

export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The workbench URL for a folder, with an Extension Development Host payload (VS Code's web mechanism). */
export function workbenchUrl(baseUrl: string, folder: string, payload: ReadonlyArray<readonly [string, string]>): string {
  const { host } = new URL(baseUrl);
  const remote = (path: string): string => `vscode-remote://${host}${path}`;
  const entries = payload.map(([key, path]) => [key, remote(path)]);
  return `${baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
}

/**
 * Opens a quick-input widget with `key`, types `query` and presses Enter on the row showing `rowText`,
 * reopening until that row is listed (contributed commands appear only once the extension host is up).
 */
async function pickFromQuickInput(page: Page, key: string, query: string, rowText: string, what: string, timeoutMs: number): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await pollUntil(
    what,
    async () => {
      await closeQuickInput(page);
      await page.keyboard.press(key);
      await widget.waitFor({ state: 'visible', timeout: 5000 });
      await page.keyboard.type(query);
      const row = widget.locator('.monaco-list-row', { hasText: rowText }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 3000 });
      } catch {
        return undefined;
      }
      // The row that reads exactly `rowText`: a longer title that contains it ("Solve Selection with a Fixed
      // Budget…" for "Solve Selection") may be listed above it, first among the recently used.
      const rows = await widget.locator('.monaco-list-row').allInnerTexts();
      const exact = rows.findIndex((text) => text.split('\n').some((line) => line.trim() === rowText));
      for (let step = 0; step < exact; step += 1) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      return true;
    },
    { timeoutMs, intervalMs: 500 },
  );
}

/** Runs a command from the command palette. */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  await pickFromQuickInput(page, 'F1', title, title, `the command "${title}" in the command palette`, timeoutMs);
}

/** Opens a workspace file through Quick Open. */
export async function openFile(page: Page, name: string): Promise<void> {
  await pickFromQuickInput(page, 'Control+P', name, name, `${name} in Quick Open`, 30_000);
  await page.locator(`.tabs-container .tab.active`, { hasText: name }).waitFor({ timeout: 15_000 });
}

/** Moves the cursor to a line (1-based) of the active editor through Quick Open's `:line`. */
export async function goToLine(page: Page, line: number): Promise<void> {
  // Waits for the widget, not limits on its speed: on a loaded machine it can take seconds to appear.
  await page.keyboard.press('Control+G');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 20_000 });
}

/**
 * Closes the quick input left open by an earlier attempt. Escape is pressed only then: in the editor it
 * would clear the selection the command is about to use.
 */
async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  if (!(await widget.isVisible())) return;
  await page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden', timeout: 5000 });
}
