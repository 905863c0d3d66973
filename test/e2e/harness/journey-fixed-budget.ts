// Journey: a fixed budget chosen from the keyboard alone. A person runs "Solve Selection with a Fixed
// Budget…" from the command palette, filters the strategies by typing, meets the size box's rule with a
// bad value (Enter does nothing), corrects it, turns thinking off for this run, and the run that follows is
// the one they chose: beam search with their N, its beams as the box said, and no thinking.
import assert from 'node:assert/strict';
import { runCommand } from './browser';
import type { JourneyEnv } from './journey-first-contact';
import { panelFrame } from './journey-panel';
import { pollUntil } from './poll';
import { clearNotifications, readToast, toast, waitForStatus } from './workbench';

const WIDGET = '.quick-input-widget';

/** The quick input's title once it reads `title` (each step of the picker retitles the same widget). */
async function stepTitled(env: JourneyEnv, title: RegExp): Promise<void> {
  await env.page.locator(`${WIDGET} .quick-input-title`, { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
}

/** Chooses the generator in Ponder's model picker by typing its name; the verifier step keeps its choice. */
async function chooseModel(env: JourneyEnv, name: string): Promise<void> {
  await runCommand(env.page, 'Ponder: Select Model');
  await env.page.locator(`${WIDGET} .monaco-list-row`, { hasText: name }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await env.page.keyboard.type(name);
  await env.page.keyboard.press('Enter');
  await env.page.locator(WIDGET, { hasText: /verifies/ }).waitFor({ state: 'visible', timeout: 10_000 });
  await env.page.keyboard.press('Escape');
  await waitForStatus(env.page, new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}

export async function fixedBudgetKeyboardJourney(env: JourneyEnv): Promise<void> {
  const { page, standin, shot, log } = env;
  await clearNotifications(page);
  // A model that thinks, so the picker's thinking step is part of the journey.
  await chooseModel(env, 'qwen3:1.7b');
  await env.selectProblem(env.problem('What is 12'));
  await runCommand(page, 'Ponder: Solve Selection with a Fixed Budget');

  // The strategy: typing filters the list; Enter takes the row left on top.
  await stepTitled(env, /Ponder: strategy/);
  await page.keyboard.type('beam');
  await page.locator(`${WIDGET} .monaco-list-row`, { hasText: /Step-level beam search/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');

  // N: a bad value shows the rule and Enter keeps the box open; a good one says what it will keep.
  await stepTitled(env, /Ponder: N, candidate steps per round, for beam/);
  const input = page.locator(`${WIDGET} input`);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  const rule = page.locator(`${WIDGET} .quick-input-message`, { hasText: 'A whole number from 1 to 256' });
  await rule.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await stepTitled(env, /Ponder: N, candidate steps per round, for beam/);
  assert.equal(await input.inputValue(), '0', 'Enter with a bad N left the box');
  await shot('fixed-budget-bad-n');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('8');
  await page.locator(`${WIDGET} .quick-input-message`, { hasText: 'N=8 keeps 2 beams' }).waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');

  // The model thinks, so the picker asks how; "off" for this run.
  await stepTitled(env, /Ponder: thinking/);
  const generationsBefore = standin.stats().generationsStarted;
  await page.keyboard.type('off');
  await page.locator(`${WIDGET} .monaco-list-row`, { hasText: /Answer at once/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');

  const done = toast(page, /% of the vote|no answer/);
  await done.waitFor({ state: 'visible', timeout: 120_000 });
  const outcome = (await readToast(done)).message;
  assert.ok(standin.stats().generationsStarted > generationsBefore, 'the fixed-budget solve sent no generation to the server');

  // The panel shows the run that was asked for.
  const tree = panelFrame(page);
  const decisions = await pollUntil('the run\'s decisions in the panel', async () => {
    const text = (await tree.locator('.side').innerText().catch(() => '')).replace(/\s+/g, ' ');
    return /beam search: 8 candidate steps per round/.test(text) ? text : undefined;
  }, { timeoutMs: 30_000, intervalMs: 200 });
  assert.match(decisions, /2 beams kept/, `the run did not keep the 2 beams the box promised: ${decisions.slice(0, 400)}`);
  assert.doesNotMatch(decisions, /thinks before it writes|thinking budget:/, `thinking was turned off, yet the run thought: ${decisions.slice(0, 400)}`);
  // The finished run's diagram shows its chosen answer (the deepest node of the chosen chain).
  const diagram = tree.locator('.tree-svg');
  if (await diagram.isVisible()) {
    // Both boxes measured inside the panel's page, in its own coordinates, in one pass.
    type Rect = { left: number; right: number; top: number; bottom: number };
    const { stage, leaf } = await diagram.evaluate((svg: { getBoundingClientRect(): Rect; querySelectorAll(selector: string): ArrayLike<{ getBoundingClientRect(): Rect }> }) => {
      // No named function inside: the test's compiler would wrap it in a helper the page does not have.
      const [whole, ...chain] = [svg, ...Array.from(svg.querySelectorAll('.tree-node.on-chain'))].map((e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      });
      return { stage: whole as Rect, leaf: chain.sort((a, b) => b.bottom - a.bottom)[0] };
    });
    assert.ok(leaf, 'the diagram shows no chosen chain');
    const inView = leaf.left >= stage.left - 1 && leaf.right <= stage.right + 1 && leaf.bottom <= stage.bottom + 1;
    assert.ok(inView, `the chosen answer is out of the diagram's view: ${JSON.stringify(leaf)} in ${JSON.stringify(stage)}`);
  }
  await shot('fixed-budget-run');
  log(`fixed budget from the keyboard: ${outcome}`);
}
