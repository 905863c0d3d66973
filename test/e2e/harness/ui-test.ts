// The UI test: what a person does. Select a problem, run "Ponder: Solve Selection" from the command palette,
// watch the progress notification and the reasoning tree fill in, cancel a second run, read the hover. Then
// the journeys (journey-*.ts), each in the theme it names; a journey that fails does not stop the others,
// and the test fails with every failed journey's reason.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { Standin } from '../../../src/standin';
import { goToLine, launchBrowser, openFile, runCommand, waitForWorkbench, workbenchUrl } from './browser';
import type { CodeServer } from './code-server';
import { pollUntil } from './poll';
import type { ProblemLines } from './problems';
import { problemsIn } from './problems';
import type { RunDir } from './run-dir';
import { hoverTextOver, statusBarText } from './workbench';
import type { JourneyEnv } from './journey-first-contact';
import { firstContactJourney } from './journey-first-contact';
import { faultEndsRunJourney, missedDeltaJourney } from './journey-panel';
import { fixedBudgetKeyboardJourney } from './journey-fixed-budget';
import { openaiJourney } from './journey-openai';
import { pullJourney } from './journey-pull';
import { diagramKeyboardJourney, mathJourney, narrowPanelJourney } from './journey-reading';

export interface UiTestOptions {
  readonly server: CodeServer;
  readonly runDir: RunDir;
  readonly standin: Standin;
  readonly extensionPath: string;
  readonly screenshots: string;
  /** The document with the problems, relative to the workspace. */
  readonly document: string;
  readonly log: (line: string) => void;
  /** Rewrites the user settings with these workbench settings added (Ponder's stay as the run set them). */
  readonly writeUserSettings: (other: Record<string, unknown>) => void;
  /** Where the user guide's pictures go (docs/img), only when they are to be regenerated. */
  readonly docsImages?: string;
}

export const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' } as const;
type Journey = { readonly name: string; readonly theme: keyof typeof THEMES; readonly run: (env: JourneyEnv) => Promise<void> };
const JOURNEYS: readonly Journey[] = [
  { name: 'first contact without Ollama', theme: 'light', run: firstContactJourney },
  { name: 'a missed delta', theme: 'dark', run: missedDeltaJourney },
  { name: 'a fault that ends a run', theme: 'dark', run: faultEndsRunJourney },
  { name: 'math rendered', theme: 'light', run: mathJourney },
  { name: 'a diagram node by keyboard', theme: 'dark', run: diagramKeyboardJourney },
  { name: 'a narrow panel', theme: 'light', run: narrowPanelJourney },
  { name: 'a narrow panel', theme: 'dark', run: narrowPanelJourney },
  { name: 'a fixed budget from the keyboard', theme: 'light', run: fixedBudgetKeyboardJourney },
  { name: 'pulling a model, cancelled and again', theme: 'dark', run: pullJourney },
  { name: 'an OpenAI-compatible server that wants a key', theme: 'light', run: openaiJourney },
];

const TOAST = '.notifications-toasts .notification-toast';

export async function runUiTest(options: UiTestOptions): Promise<void> {
  const { server, runDir, standin, screenshots, log } = options;
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  const problems = problemsIn(join(runDir.workspace, options.document));
  // The last problem is solved (the fixture ends with plain arithmetic, which the simulated reasoner behind
  // the stand-in answers); the first is started and cancelled.
  const first = problems.at(-1);
  const second = problems[0];
  assert.ok(first && second && problems.length >= 2, `${options.document} must hold at least two problems (paragraphs ending in "?")`);

  options.writeUserSettings({ 'workbench.colorTheme': THEMES.dark });
  const context = await launchBrowser(runDir.browserProfile('ui'));
  const page = await context.newPage();
  let step = 0;
  const shot = async (name: string): Promise<void> => {
    step += 1;
    await page.screenshot({ path: join(screenshots, `${String(step).padStart(2, '0')}-${name}.png`) });
  };
  const docShot = docsShooter(options, page);
  try {
    await page.goto(workbenchUrl(server.url, runDir.workspace, [['extensionDevelopmentPath', options.extensionPath]]));
    await waitForWorkbench(page);
    log('workbench ready');
    await openFile(page, options.document);
    await selectProblem(page, first);
    await shot('problem-selected');

    // First run: progress, then the tree panel fills in, then the run ends.
    const startedBefore = standin.stats().generationsStarted;
    await runCommand(page, 'Ponder: Solve Selection');
    // Every toast has a progress bar element; only a running task's is active.
    const progress = page.locator(TOAST, { has: page.locator('.monaco-progress-container.active') });
    await progress.first().waitFor({ state: 'visible', timeout: 30_000 });
    log('progress notification shown');
    await shot('solving');
    const tree = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const nodes = tree.locator('[role=treeitem]');
    const nodesWhileRunning = await pollUntil('the reasoning tree panel to show nodes', async () => {
      const count = await nodes.count();
      return count > 0 ? count : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    log(`tree panel shows ${nodesWhileRunning} node(s) while the run goes on`);
    await progress.first().waitFor({ state: 'hidden', timeout: 120_000 });
    assert.ok(standin.stats().generationsStarted > startedBefore, 'the solve sent no generation to the stand-in');
    const nodesAtEnd = await nodes.count();
    assert.ok(nodesAtEnd >= Math.max(2, nodesWhileRunning), `the tree panel shows ${nodesAtEnd} node(s) at the end`);
    await shot('solved');
    await docShot('tree-panel-dark', page.locator('iframe.webview.ready').last());
    log(`first run finished with ${nodesAtEnd} nodes in the tree panel`);

    // Hover over the solved range: the answer is there, and the same answer is in the tree panel.
    const hover = await hoverOver(page, first);
    await shot('hover');
    await docShot('hover', page.locator('.monaco-hover', { hasText: /answer/i }).first());
    const answer = answerIn(hover);
    assert.ok(answer, `the hover names no answer:\n${hover}`);
    assert.ok(((await panelText(tree)) ?? '').includes(answer), `the tree panel does not show the answer "${answer}"`);
    log(`hover shows the answer "${answer}"`);
    await page.keyboard.press('Escape');

    // Second run, cancelled while generations are in flight. The stand-in stalls every generation after a
    // few tokens and never ends it, so the run cannot end on its own: only Cancel can end it, by closing
    // those requests (the stand-in then counts them as failed generations).
    await standin.setFaults([{ kind: 'stallMidStream', afterChunks: 4 }]);
    await selectProblem(page, second);
    await runCommand(page, 'Ponder: Solve Selection');
    await progress.first().waitFor({ state: 'visible', timeout: 30_000 });
    const stalled = await standin.waitFor((stats) => stats.activeGenerations > 0, 30_000);
    await shot('second-run');
    await runCommand(page, 'Ponder: Cancel');
    const closed = await standin
      .waitFor((stats) => stats.activeGenerations === 0 && stats.openRequests === 0, 15_000)
      .catch(() => standin.stats());
    assert.equal(closed.activeGenerations, 0, 'Cancel left generations running');
    assert.equal(closed.openRequests, 0, 'Cancel left requests open');
    assert.ok(closed.generationsFailed >= stalled.generationsFailed + stalled.activeGenerations, 'the stalled generations were not closed');
    await progress.first().waitFor({ state: 'hidden', timeout: 15_000 });
    await standin.setFaults([]);
    await shot('cancelled');
    log('second run cancelled');

    const failures = await runJourneys(options, page, problems, shot, docShot);
    if (failures.length > 0) throw new Error(`${failures.length} of ${JOURNEYS.length} journeys failed:\n${failures.join('\n')}`);
  } catch (error) {
    await shot('failure').catch(() => undefined);
    const toasts = await page.locator(TOAST).allInnerTexts().catch(() => []);
    if (toasts.length > 0) log(`notifications at the failure: ${toasts.map((t) => JSON.stringify(t)).join(', ')}`);
    throw error;
  } finally {
    await context.close();
  }
}

/** Largest picture the user guide takes: docs stay light to clone. */
const MAX_DOC_IMAGE_BYTES = 150_000;

/** Saves `target` (or the page) as docs/img/guide-NAME.png when the guide's pictures are regenerated. */
function docsShooter(options: UiTestOptions, page: Page): (name: string, target?: Locator) => Promise<void> {
  return async (name, target) => {
    if (options.docsImages === undefined) return;
    mkdirSync(options.docsImages, { recursive: true });
    const path = join(options.docsImages, `guide-${name}.png`);
    // A picture of a view shows the view: notifications floating over it are hidden for the shot.
    const isNotification = target !== undefined && (await target.evaluate((e: { closest(s: string): unknown }) => e.closest('.notification-toast') !== null).catch(() => false));
    const hide = isNotification ? undefined : await page.addStyleTag({ content: '.notifications-toasts { visibility: hidden !important; }' });
    try {
      await (target ? target.screenshot({ path }) : page.screenshot({ path }));
    } finally {
      await hide?.evaluate((style: { remove(): void }) => style.remove());
    }
    const bytes = statSync(path).size;
    options.log(`docs picture ${path}: ${Math.round(bytes / 1000)} kB${bytes > MAX_DOC_IMAGE_BYTES ? ' (over the 150 kB the guide allows: crop it)' : ''}`);
  };
}

async function runJourneys(
  options: UiTestOptions,
  page: Page,
  problems: readonly ProblemLines[],
  shot: (name: string) => Promise<void>,
  docShot: (name: string, target?: Locator) => Promise<void>,
): Promise<string[]> {
  const failures: string[] = [];
  const problem = (marker: string): ProblemLines => {
    const found = problems.find((p) => p.text.includes(marker));
    assert.ok(found, `${options.document} has no problem containing ${JSON.stringify(marker)}`);
    return found;
  };
  for (const journey of JOURNEYS) {
    const since = Date.now();
    options.log(`journey "${journey.name}" (${journey.theme} theme)`);
    options.writeUserSettings({ 'workbench.colorTheme': THEMES[journey.theme] });
    const env: JourneyEnv = {
      page,
      standin: options.standin,
      log: (line) => options.log(`  ${line}`),
      shot: (name) => shot(`${name}-${journey.theme}`),
      docShot: (name, target) => docShot(`${name}-${journey.theme}`, target),
      // The problems' document first: an earlier journey may have left another editor active (an export).
      selectProblem: async (p) => {
        await showDocument(page, options.document);
        await selectProblem(page, p);
      },
      problem,
      workspace: options.runDir.workspace,
      writeSettings: (settings) => options.writeUserSettings({ 'workbench.colorTheme': THEMES[journey.theme], ...settings }),
    };
    try {
      await page.locator(`.monaco-workbench.${journey.theme === 'light' ? 'vs' : 'vs-dark'}`).waitFor({ timeout: 15_000 });
      await journey.run(env);
      options.log(`journey "${journey.name}" passed in ${((Date.now() - since) / 1000).toFixed(1)} s`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`- ${journey.name} (${journey.theme}): ${reason.split('\n')[0] ?? reason}`);
      options.log(`journey "${journey.name}" FAILED: ${reason}`);
      await shot(`failed-${journey.name.replace(/\W+/g, '-')}-${journey.theme}`).catch(() => undefined);
      const toasts = await page.locator(TOAST).allInnerTexts().catch(() => []);
      if (toasts.length > 0) options.log(`  notifications: ${toasts.map((t) => JSON.stringify(t)).join(', ')}`);
      await page.keyboard.press('Escape').catch(() => undefined);
      await options.standin.setFaults([]);
    }
  }
  return failures;
}

/** Brings the document's editor to the front: its tab when it has one, else Quick Open. */
async function showDocument(page: Page, document: string): Promise<void> {
  const name = document.split('/').at(-1) ?? document;
  const tab = page.locator('.tabs-container .tab', { hasText: name }).first();
  if (await tab.isVisible()) await tab.click();
  else await openFile(page, document);
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 15_000 });
}

/** Selects a problem's lines in the active editor with the keyboard, as a person would. */
export async function selectProblem(page: Page, problem: ProblemLines): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await goToLine(page, problem.firstLine);
  // Whole lines as the file has them, however the editor wraps them (End and Shift+Down go by the wrapped
  // lines, which once selected only a problem's first row): each Ctrl+L (Expand Line Selection) takes one
  // more line with its line break, and the last line break is given back.
  for (let line = problem.firstLine; line <= problem.lastLine; line += 1) await page.keyboard.press('Control+L');
  await page.keyboard.press('Shift+ArrowLeft');
  const selected = `(${problem.text.length} selected)`;
  await pollUntil(`the status bar to show the whole problem selected, ${selected}`, async () => ((await statusBarText(page)).includes(selected) ? true : undefined), {
    timeoutMs: 10_000,
    intervalMs: 100,
  });
}

/** Points the mouse at the first word of a problem and returns the hover's text. */
async function hoverOver(page: Page, problem: ProblemLines): Promise<string> {
  return hoverTextOver(page, problem.text.split('\n')[0]?.trim().slice(0, 20) ?? '');
}

/** The answer in the hover's first line ("Ponder answer: 144 (confidence 97%)"); undefined for "no answer". */
export function answerIn(hoverText: string): string | undefined {
  const match = /answer:\s*(.+?)\s*(?:\(confidence|$)/im.exec(hoverText);
  const answer = match?.[1]?.trim();
  return answer !== undefined && answer.length > 0 && !/^no answer$/i.test(answer) ? answer : undefined;
}

async function panelText(tree: FrameLocator): Promise<string | undefined> {
  try {
    return await tree.locator('body').innerText({ timeout: 1000 });
  } catch {
    return undefined;
  }
}
