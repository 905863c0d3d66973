// Journey: first contact without Ollama. A person solves a problem with no Ollama answering, reads the
// first toast, tries the demo model, meets its limit, then Ollama starts: the picker shows the demo model as
// the current one, the next solve goes to the server by itself, and choosing another model makes the solve
// after that use it. The status bar names the answering model at every step.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Standin } from '../../../src/standin';
import { runCommand } from './browser';
import { panelFrame } from './journey-panel';
import type { ProblemLines } from './problems';
import {
  clearNotifications,
  clickToastButton,
  quickPickRows,
  readToast,
  sentences,
  statusAccessibleName,
  toast,
  waitForNotification,
  waitForStatus,
} from './workbench';

export interface JourneyEnv {
  readonly page: Page;
  readonly standin: Standin;
  readonly shot: (name: string) => Promise<void>;
  /** A picture for the user guide (docs/img), taken only when the guide's pictures are regenerated. */
  readonly docShot: (name: string, target?: Locator) => Promise<void>;
  readonly log: (line: string) => void;
  readonly selectProblem: (problem: ProblemLines) => Promise<void>;
  readonly problem: (marker: string) => ProblemLines;
  /** The test workspace on disk (exports are saved there). */
  readonly workspace: string;
  /** Rewrites the user settings: the run's own, the journey's theme, and these on top (`{}` restores them). */
  readonly writeSettings: (settings: Record<string, unknown>) => void;
}

/** Loaded models of the server (Ollama's /api/ps): which model really answered. */
async function loadedModels(standin: Standin): Promise<string[]> {
  const response = await fetch(`${standin.url}/api/ps`);
  const body = (await response.json()) as { models?: { name?: string; model?: string }[] };
  return (body.models ?? []).map((m) => m.model ?? m.name ?? '');
}

async function solveAndWait(env: JourneyEnv, marker: string, outcome: RegExp, timeoutMs = 120_000): Promise<string> {
  await env.selectProblem(env.problem(marker));
  await runCommand(env.page, 'Ponder: Solve Selection');
  const done = toast(env.page, outcome);
  await done.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await readToast(done)).message;
}

export async function firstContactJourney(env: JourneyEnv): Promise<void> {
  const { page, standin, shot, log } = env;
  await clearNotifications(page);
  // No Ollama: the server's port is closed (the stand-in's `refuse` fault closes its listener).
  await standin.setFaults([{ kind: 'refuse' }]);
  try {
    const generationsBefore = standin.stats().generationsStarted;
    await env.selectProblem(env.problem('What is 12'));
    await runCommand(page, 'Ponder: Solve Selection');
    const first = toast(page, /Ollama/);
    await first.waitFor({ state: 'visible', timeout: 60_000 });
    await shot('first-contact-1-no-ollama');
    await env.docShot('first-toast', first);
    const view = await readToast(first);
    log(`first toast: ${JSON.stringify(view)}`);
    assert.doesNotMatch(view.message, /`/, `the first toast shows backticks: ${view.message}`);
    assert.equal(sentences(view.message).length, 1, `the first toast is not one sentence: ${view.message}`);
    assert.ok(view.message.includes(standin.url.replace(/^http:\/\//, '')), `the first toast does not name the host: ${view.message}`);
    assert.deepEqual(view.buttons.map((b) => b.label).sort(), ['Get Ollama', 'Retry', 'Try Demo']);
    for (const button of view.buttons) assert.equal(button.cutOff, false, `the button "${button.label}" is cut off`);

    await clickToastButton(first, 'Try Demo');
    const demoAnswer = await waitForNotification(page, /by the demo model/, 120_000);
    const status = await waitForStatus(page, /demo model/);
    assert.equal(standin.stats().generationsStarted, generationsBefore, 'the demo run sent generations to the server');
    const label = await statusAccessibleName(page);
    assert.doesNotMatch(label, /&nbsp;|\\[()]|\*\*|\$\(/, `the status bar's accessible label is Markdown: ${label}`);
    assert.match(label, /demo model/);
    await shot('first-contact-2-demo-answer');
    await env.docShot('demo-answer', demoAnswer);
    log(`demo answered; status bar "${status}"`);

    // The demo model's limit, said in the toast (the apples problem is a word problem it cannot read).
    await clearNotifications(page);
    const limit = await solveAndWait(env, 'apples', /Ponder: (no answer|\d)/);
    assert.match(limit, /demo model solves arithmetic only/, `the toast does not say why there is no answer: ${limit}`);
    // The tree shows the one chain that says so, and why no more were drawn — not a search of refusals.
    const tree = panelFrame(page);
    await tree.locator('[role=treeitem]', { hasText: 'cannot read this problem' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const refusals = await tree.locator('[role=treeitem]', { hasText: 'I am the simulated demo model' }).count();
    assert.equal(refusals, 1, `the demo model wrote ${refusals} chains on a problem it cannot read`);
    await shot('first-contact-3-demo-limit');
    await env.docShot('demo-limit', toast(page, /arithmetic only/));
  } finally {
    await standin.setFaults([]);
  }

  // Ollama starts. The picker marks the demo model, which still answers, as the current one.
  await clearNotifications(page);
  await runCommand(page, 'Ponder: Select Model');
  const rows = await quickPickRows(page, 'qwen3:1.7b');
  const current = rows.filter((row) => /current/.test(row));
  assert.equal(current.length, 1, `the picker marks ${current.length} models as current: ${JSON.stringify(rows)}`);
  assert.match(current[0] ?? '', /Demo model/, `the picker marks another model than the demo as current: ${current[0] ?? ''}`);
  await shot('first-contact-4-picker-demo-current');
  await env.docShot('model-picker', page.locator('.quick-input-widget'));
  await page.keyboard.press('Escape');

  // The next solve goes to the server by itself.
  const startedBefore = standin.stats().generationsStarted;
  const real = await solveAndWait(env, 'What is 12', /% of the vote|no answer/);
  assert.doesNotMatch(real, /demo model/, `the demo model answered with Ollama up: ${real}`);
  assert.ok(standin.stats().generationsStarted > startedBefore, 'no generation reached the server');
  await waitForStatus(page, /qwen2\.5:1\.5b/);
  log(`Ollama answered by itself: ${real}`);

  // Choosing another model: the status bar names it at once, and the next solve uses it.
  await clearNotifications(page);
  await runCommand(page, 'Ponder: Select Model');
  const again = await quickPickRows(page, 'qwen3:1.7b');
  const marked = again.filter((row) => /current/.test(row));
  assert.equal(marked.length, 1, JSON.stringify(again));
  assert.match(marked[0] ?? '', /qwen2\.5:1\.5b/);
  await page.keyboard.type('qwen3:1.7b');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: /verifies/ }).waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Escape');
  await waitForStatus(page, /qwen3:1\.7b/);
  await env.docShot('status-bar', page.locator('#workbench\\.parts\\.statusbar'));
  const chosen = await solveAndWait(env, 'What is 12', /% of the vote|no answer/);
  assert.doesNotMatch(chosen, /demo model/);
  const loaded = await loadedModels(standin);
  assert.ok(loaded.some((name) => name.startsWith('qwen3:1.7b')), `the server has not loaded qwen3:1.7b: ${JSON.stringify(loaded)}`);
  await shot('first-contact-5-chosen-model');
  log(`qwen3:1.7b answered: ${chosen}`);
}
