// Journeys through the reasoning-tree panel: a delta the page never receives (the panel must recover by
// itself), and a fault that ends a run (the partial tree stays, with its failed nodes, the reason and a
// Retry). The panel is read inside its webview frames, as a person sees it.
import assert from 'node:assert/strict';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { runCommand } from './browser';
import type { JourneyEnv } from './journey-first-contact';
import { pollUntil } from './poll';
import { clearNotifications, readToast, toast } from './workbench';

/** The panel's page (the inner frame of the webview), as a locator root. */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The panel's page as a Frame, to run a script in it. */
async function panelPageFrame(page: Page): Promise<Frame> {
  const outer = await page.locator('iframe.webview.ready').last().elementHandle({ timeout: 30_000 });
  const outerFrame = await outer?.contentFrame();
  const inner = await outerFrame?.waitForSelector('#active-frame', { timeout: 30_000 });
  const frame = await inner?.contentFrame();
  assert.ok(frame, 'the tree panel has no page frame');
  return frame;
}

/** Solves the problem with `marker` and waits for the outcome notification; returns its message. */
async function solveTo(env: JourneyEnv, marker: string, outcome: RegExp): Promise<string> {
  await env.selectProblem(env.problem(marker));
  await runCommand(env.page, 'Ponder: Solve Selection');
  const done = toast(env.page, outcome);
  await done.waitFor({ state: 'visible', timeout: 120_000 });
  // VS Code keeps a progress notification up for 800 ms at least: the outcome waits for it, not under it.
  assert.equal(await toast(env.page, /Ponder: solving/).isVisible(), false, 'the outcome appeared under the "solving" progress notification');
  return (await readToast(done)).message;
}

/** The panel's run-action button with this visible label. */
function control(tree: FrameLocator, label: string): ReturnType<FrameLocator['locator']> {
  return tree.locator('.controls button', { hasText: label }).first();
}

export async function missedDeltaJourney(env: JourneyEnv): Promise<void> {
  const { page, shot, log } = env;
  await clearNotifications(page);
  // The page drops one batch of deltas, as if the message never arrived: a listener that runs before the
  // page's own stops the third "deltas" message.
  const frame = await panelPageFrame(page);
  await frame.evaluate(() => {
    const scope = globalThis as unknown as {
      addEventListener(type: string, listener: (event: { data?: { type?: string }; stopImmediatePropagation(): void }) => void, capture: boolean): void;
      ponderDropped?: number;
    };
    let seen = 0;
    scope.ponderDropped = 0;
    scope.addEventListener(
      'message',
      (event) => {
        if (event.data?.type !== 'deltas') return;
        seen += 1;
        if (seen === 3) {
          event.stopImmediatePropagation();
          scope.ponderDropped = (scope.ponderDropped ?? 0) + 1;
        }
      },
      true,
    );
  });
  const message = await solveTo(env, 'What is 12', /% of the vote|no answer/);
  const answer = /Ponder: (.+?) — /.exec(message)?.[1];
  assert.ok(answer, `no answer in the outcome: ${message}`);
  const dropped = await frame.evaluate(() => (globalThis as unknown as { ponderDropped?: number }).ponderDropped ?? 0);
  assert.ok(dropped >= 1, 'the journey could not drop a delta (the page was reloaded, or the run sent fewer than three batches)');
  const tree = panelFrame(page);
  // Recovered by itself: the finished run, with the notification's answer, Cancel disabled, no stale notice.
  await pollUntil('the panel to show the finished run after the missed delta', async () => {
    const text = await tree.locator('body').innerText({ timeout: 1000 });
    const cancelDisabled = await control(tree, 'Cancel').isDisabled({ timeout: 1000 });
    return text.includes(answer) && cancelDisabled && !/update was missed/i.test(text) ? true : undefined;
  }, { timeoutMs: 20_000, intervalMs: 250 });
  await shot('missed-delta-recovered');
  log(`dropped ${dropped} delta batch(es); the panel shows ${answer}, Cancel disabled`);
}

export async function faultEndsRunJourney(env: JourneyEnv): Promise<void> {
  const { page, standin, shot, log } = env;
  await clearNotifications(page);
  // A 500 in the middle of every stream: the run fails after its first steps.
  await standin.setFaults([{ kind: 'error500During', afterChunks: 3 }]);
  try {
    // Any outcome but the progress notification's own "Ponder: solving".
    await solveTo(env, 'What is 12', /Ponder: (?!solving)/);
  } finally {
    await standin.setFaults([]);
  }
  const tree = panelFrame(page);
  const reason = tree.locator('.run-error');
  await reason.waitFor({ state: 'visible', timeout: 20_000 });
  const nodes = await tree.locator('[role=treeitem]').count();
  const failedNodes = await tree.locator('[role=treeitem].status-failed, [role=treeitem]:has(.status-tag:text("failed"))').count();
  await shot('fault-ends-run');
  await env.docShot('failed-run', page.locator('iframe.webview.ready').last());
  assert.ok(nodes > 1, `the panel kept ${nodes} node(s): the partial tree is lost`);
  assert.ok(failedNodes >= 1, 'no node of the partial tree is marked failed');
  assert.match(await reason.innerText(), /\S/, 'the failure has no reason');
  assert.ok(await control(tree, 'Cancel').isDisabled(), 'Cancel is still enabled after the run ended');
  assert.ok(await control(tree, 'Retry').isVisible(), 'no Retry in the panel');
  assert.ok(!(await control(tree, 'Solve again ×2').isVisible()), '"Solve again ×2" is offered after a failure');
  log(`partial tree: ${nodes} nodes, ${failedNodes} failed; reason "${await reason.innerText()}"`);

  // Retry, with the server healthy again: the run is solved and the failure notice goes away.
  await clearNotifications(page);
  await control(tree, 'Retry').click();
  await toast(page, /% of the vote|no answer/).waitFor({ state: 'visible', timeout: 120_000 });
  await reason.waitFor({ state: 'hidden', timeout: 20_000 });
  await shot('fault-retried');
}
