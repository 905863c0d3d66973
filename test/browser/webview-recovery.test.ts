// The tree view's recovery and failure states in Chromium with the fake host: a missed batch of deltas makes
// the page ask for the run again (and again, until it comes), a late snapshot does not double deltas, the
// status clears once it recovered; a run a failure ended keeps its partial tree, failed nodes with reasons,
// a Retry and a disabled Cancel.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TreeDelta, TreeSnapshot } from '../../src/protocol/tree';
import { applyDeltas } from '../../src/protocol/tree-apply';
import { pollPage, sendToPage, sentByPage, waitForNodes } from '../support/browser';
import { useWebviewSession } from '../support/webview-session';
import { deltaBatch, smallSnapshot } from '../support/webview-trees';

const SCREENSHOTS = 'screenshots';

async function resyncsAsked(page: Page): Promise<number> {
  return (await sentByPage(page)).filter((message) => message.type === 'resync').length;
}

describe('the tree view recovers from missed updates and keeps failed runs', () => {
  const session = useWebviewSession();
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  test('a missed batch: the page asks for the run, keeps asking until it comes, then follows the numbered deltas', async () => {
    const page = await session().openPage();
    let host: TreeSnapshot = { ...smallSnapshot('run-gap'), finished: false };
    let seq = 0;
    await sendToPage(page, { type: 'snapshot', snapshot: host, seq });
    await waitForNodes(page, host.nodes.length);
    const send = async (deltas: TreeDelta[], deliver = true): Promise<void> => {
      host = applyDeltas(host, deltas);
      if (deliver) await sendToPage(page, { type: 'deltas', runId: 'run-gap', deltas, seq });
      seq += deltas.length;
    };
    await send(deltaBatch(host, 0));
    await send(deltaBatch(host, 1), false); // lost on the way
    // The next batch only appends text and updates usage: it would apply without error, but its number shows the gap.
    await send([{ type: 'textAppended', id: 'd0', text: ' more' }, { type: 'usage', usage: { ...host.usage, generatedTokens: 474 } }]);
    await pollPage(page, `window.ponderFakeHost.sent.some((m) => m.type === 'resync' && m.runId === 'run-gap')`);
    assert.match((await page.locator('.status-line').textContent()) ?? '', /missed/);
    // The host is slow to answer: the page asks again rather than waiting for ever.
    await pollPage(page, `window.ponderFakeHost.sent.filter((m) => m.type === 'resync').length >= 2`, 5000);
    // Deltas that follow a gap are not patched onto the stale copy.
    await send([{ type: 'usage', usage: { ...host.usage, generatedTokens: 900 } }]);
    const atSnapshot = seq;
    await sendToPage(page, { type: 'snapshot', snapshot: host, seq: atSnapshot });
    await waitForNodes(page, host.nodes.length);
    // A batch posted before the snapshot but read after it is skipped, the next one applies.
    const next = deltaBatch(host, 2);
    await sendToPage(page, { type: 'deltas', runId: 'run-gap', deltas: [{ type: 'usage', usage: { ...host.usage } }], seq: atSnapshot - 1 });
    await send(next);
    await send([{ type: 'usage', usage: { ...host.usage, generatedTokens: 1264, calls: 31 } }, { type: 'finished' }]);
    await pollPage(page, `document.querySelector('.controls button').disabled`);
    await waitForNodes(page, host.nodes.length);
    assert.equal(await page.locator('.budget [data-figure=tokens]').textContent(), '1,264 / 100,000');
    assert.equal(await page.locator('.status-line').textContent(), '', 'the missed-update notice is gone');
    const asked = await resyncsAsked(page);
    await new Promise((resolve) => setTimeout(resolve, 1800));
    assert.equal(await resyncsAsked(page), asked, 'no more resyncs once recovered');
    await page.close();
  });

  test('a run a failure ended: partial tree, failed nodes with their reason, Retry, Cancel disabled', async () => {
    for (const theme of ['vscode-light', 'vscode-dark']) {
      const page = await session().openPage({ theme });
      const base = smallSnapshot('run-failed');
      const { chosenAnswer: _a, confidence: _c, ...rest } = base;
      const snapshot: TreeSnapshot = { ...rest, nodes: base.nodes.slice(0, 8), answers: [], finished: false };
      await sendToPage(page, { type: 'snapshot', snapshot, seq: 0 });
      await waitForNodes(page, 8);
      const reason = 'The model failed: Ollama answered HTTP 500 in the middle of a stream. Restart it with `ollama serve`.';
      await sendToPage(page, {
        type: 'deltas',
        runId: 'run-failed',
        seq: 0,
        deltas: [
          { type: 'nodeUpdated', id: 'c1s3', patch: { status: 'failed', reason } },
          { type: 'finished', error: reason },
        ],
      });
      await pollPage(page, `!document.querySelector('.run-error').hidden`);
      assert.match((await page.locator('.run-error').textContent()) ?? '', /HTTP 500/);
      // The message's code span is shown as code, not with its Markdown backticks.
      assert.equal(await page.locator('.run-error code').textContent(), 'ollama serve');
      assert.doesNotMatch((await page.locator('.run-error').textContent()) ?? '', /`/);
      assert.equal(await page.locator('svg .tree-node').count(), 8, 'the partial tree stays');
      assert.equal(await page.locator('svg .tree-node.status-failed').count(), 1);
      assert.ok(await page.locator('.controls .control[title="Cancel the search"]').isDisabled());
      const retry = page.locator('.controls .retry');
      assert.ok(await retry.isVisible());
      assert.ok(!(await page.locator('.controls .control[title="Solve again with twice the budget"]').isVisible()));
      await retry.click();
      assert.deepEqual((await sentByPage(page)).at(-1), { type: 'rerun', runId: 'run-failed', budgetFactor: 1 });
      await page.locator('svg .tree-node.status-failed').dispatchEvent('click');
      // The details panel renders on the page's next frame; under load that may be after the click returns.
      await pollPage(page, `(document.querySelector('.details')?.textContent ?? '').includes('HTTP 500')`);
      assert.match((await page.locator('.details').textContent()) ?? '', /HTTP 500/);
      assert.equal(await page.locator('.details .facts code').textContent(), 'ollama serve');
      await page.screenshot({ path: `${SCREENSHOTS}/webview-failed-run-${theme}.png` });
      await page.close();
    }
  });
});
