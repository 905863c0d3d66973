// The tree view in headless Chromium with the fake host: rendering from a snapshot and from streamed deltas,
// selection and keyboard navigation in the outline, the answers panel, exports, themes, state across reload,
// and screenshots of a small and a large tree in light and dark.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { applyDeltas } from '../../src/protocol/tree-apply';
import type { WebviewToHost } from '../../src/protocol/webview';
import { buildMarkdownExport } from '../../src/shared/export-markdown';
import { pollPage, sendToPage, sentByPage, waitForNodes } from '../support/browser';
import { useWebviewSession } from '../support/webview-session';
import { deltaBatch, largeSnapshot, smallSnapshot } from '../support/webview-trees';

const SCREENSHOTS = 'screenshots';

describe('the reasoning-tree webview', () => {
  const session = useWebviewSession();
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));
  const openPage = (theme = 'vscode-light', viewport = { width: 1280, height: 800 }): Promise<Page> => session().openPage({ theme, viewport });

  test('says it is ready, then draws a snapshot in the diagram and the outline', async () => {
    const page = await openPage();
    assert.deepEqual((await sentByPage(page))[0], { type: 'ready' });
    const snapshot = smallSnapshot();
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    assert.equal(await page.locator('svg .tree-node').count(), snapshot.nodes.length);
    assert.equal(await page.locator('svg .tree-node.on-chain').count(), 5, 'root, three steps and the chosen answer');
    assert.equal(await page.locator('svg .tree-node.faded').count(), 2, 'the pruned step and its answer');
    assert.ok((await page.locator('svg path.link.chosen').getAttribute('d'))?.startsWith('M'));
    assert.match((await page.locator('.problem').textContent()) ?? '', /12 \* 13/);
    assert.ok((await page.locator('[role=treeitem]').count()) >= 5);
    await page.close();
  });

  test('grows the tree from streamed deltas, batched per frame, and marks streaming nodes', async () => {
    const page = await openPage();
    let snapshot = smallSnapshot('run-stream');
    snapshot = { ...snapshot, finished: false };
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    for (let batch = 0; batch < 10; batch += 1) {
      const deltas = deltaBatch(snapshot, batch);
      snapshot = applyDeltas(snapshot, deltas);
      await sendToPage(page, { type: 'deltas', runId: 'run-stream', deltas });
    }
    await waitForNodes(page, snapshot.nodes.length);
    assert.equal(await page.locator('svg .tree-node').count(), snapshot.nodes.length);
    assert.equal(await page.locator('svg .tree-node.status-streaming').count(), 1, 'only the newest node is still streaming');
    assert.equal(await page.locator('.budget [data-figure=calls]').textContent(), '10');
    // Deltas for another run are ignored.
    await sendToPage(page, { type: 'deltas', runId: 'other', deltas: deltaBatch(snapshot, 99) });
    await sendToPage(page, { type: 'deltas', runId: 'run-stream', deltas: [{ type: 'finished' }] });
    await pollPage(page, `document.querySelector('.controls button').disabled`);
    assert.equal(await page.locator('svg .tree-node').count(), snapshot.nodes.length);
    await page.close();
  });

  test('selects from the outline with the keyboard and shows the step in full', async () => {
    const page = await openPage();
    await sendToPage(page, { type: 'snapshot', snapshot: smallSnapshot('run-keys') });
    await waitForNodes(page, 17);
    const items = page.locator('[role=treeitem]');
    await items.first().focus();
    assert.equal(await items.first().getAttribute('aria-level'), '1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await pollPage(page, `document.querySelector('[role=treeitem][aria-selected=true]')`);
    const selected = page.locator('[role=treeitem][aria-selected=true]');
    assert.equal(await selected.getAttribute('data-id'), 'c0s1');
    assert.match((await page.locator('.details').textContent()) ?? '', /Chain 0, step 1/);
    assert.equal(await page.locator('.details .katex').count(), 1, 'math is typeset');
    assert.equal(await page.locator('svg .tree-node.selected').getAttribute('data-id'), 'c0s1');
    // Right expands a collapsed item, Left collapses it again; End and Home jump.
    await page.keyboard.press('ArrowDown');
    const second = page.locator('[role=treeitem][data-id=c0s2]');
    assert.equal(await second.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('ArrowRight');
    await pollPage(page, `document.querySelector('[data-id=c0s2]').getAttribute('aria-expanded') === 'true'`);
    assert.equal(await page.locator('[role=treeitem][data-id=c0s3]').count(), 1);
    await page.keyboard.press('ArrowLeft');
    await pollPage(page, `document.querySelector('[data-id=c0s2]').getAttribute('aria-expanded') === 'false'`);
    await page.keyboard.press('End');
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.id'), await items.last().getAttribute('data-id'));
    await page.keyboard.press('Home');
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.id'), 'p');
    // Clicking a node in the diagram selects it too.
    await page.locator('svg .tree-node[data-id=c3a] .mark').click();
    await pollPage(page, `document.querySelector('[role=treeitem][data-id=c3a][aria-selected=true]')`);
    assert.match((await page.locator('.details').textContent()) ?? '', /The answer is 160/);
    await page.close();
  });

  test('the answers panel shows votes, summed weight, shares, the choice and the decisions', async () => {
    const page = await openPage();
    const snapshot = smallSnapshot('run-answers');
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    const rows = page.locator('.answers-table tbody tr');
    assert.equal(await rows.count(), 2);
    assert.equal(await rows.first().locator('.votes').textContent(), '3');
    assert.equal(await rows.first().locator('.weight').textContent(), '1.90');
    assert.match((await rows.first().getAttribute('class')) ?? '', /chosen/);
    assert.equal(await page.locator('.answers .total-votes').textContent(), '4');
    assert.equal(await page.locator('.answers .total-weight').textContent(), '2.60');
    assert.equal(await rows.first().locator('.share-text').textContent(), '73.1%');
    assert.equal(await page.evaluate<string>(`document.querySelector('.share-bar').style.getPropertyValue('--share')`), String(1.9 / 2.6));
    assert.match((await page.locator('.confidence').textContent()) ?? '', /73\.0%/);
    assert.equal(await page.locator('.decisions li').count(), 3);
    assert.match((await page.locator('.decisions').textContent()) ?? '', /Difficulty: Estimated difficulty: bin 2.*Strategy: Chose weighted.*Stopped: Stopped: the leader held/s);
    assert.match((await page.locator('.budget [data-figure=tokens]').textContent()) ?? '', /640 \/ 4,000/);
    assert.equal(await page.locator('.budget [data-figure=rate]').textContent(), '200.0');
    // A failure's words with a command in backticks: set as code, and anything else in them stays text.
    const failed = { ...snapshot, runId: 'run-answers-failed', decisions: [{ kind: 'stop' as const, message: 'Cannot reach the server: start it (e.g. `vllm serve MODEL`, `<b>llama-server</b>`), or check the URL.' }] };
    await sendToPage(page, { type: 'snapshot', snapshot: failed });
    await pollPage(page, `document.querySelectorAll('.decisions code').length === 2`);
    assert.deepEqual(await page.locator('.decisions code').allTextContents(), ['vllm serve MODEL', '<b>llama-server</b>']);
    assert.equal(await page.locator('.decisions b').count(), 0, 'markup in a decision became an element');
    assert.match((await page.locator('.decisions').textContent()) ?? '', /Stopped: Cannot reach the server: start it \(e\.g\. vllm serve MODEL, <b>llama-server<\/b>\), or check the URL\./);
    // No answer: "yet" while the run goes on; once it has finished, that none came.
    const { chosenAnswer: _chosen, ...rest } = snapshot;
    const unanswered = { ...rest, answers: [], confidence: 0 };
    await sendToPage(page, { type: 'snapshot', snapshot: { ...unanswered, runId: 'run-unanswered-live', finished: false } });
    await pollPage(page, `document.querySelector('.answers .empty')?.textContent === 'No answers yet.'`);
    await sendToPage(page, { type: 'snapshot', snapshot: { ...unanswered, runId: 'run-unanswered-done', finished: true } });
    await pollPage(page, `document.querySelector('.answers .empty')?.textContent === 'No chain stated an answer.'`);
    // A live run that a failure ends, as the host says it: a `finished` delta after the last decision. The
    // banner says why; the panel does not blame the chains (it did not redraw: answers and decisions were
    // unchanged).
    await sendToPage(page, { type: 'snapshot', snapshot: { ...unanswered, runId: 'run-unanswered-failed', finished: false } });
    await pollPage(page, `document.querySelector('.answers .empty')?.textContent === 'No answers yet.'`);
    await sendToPage(page, { type: 'deltas', runId: 'run-unanswered-failed', deltas: [{ type: 'finished', error: 'Ollama stopped.' }] });
    await pollPage(page, `document.querySelector('.run-error')?.textContent.includes('Ollama stopped.')`);
    await pollPage(page, `document.querySelector('.answers .empty')?.textContent === 'No answer: the run failed before a chain stated one.'`);
    // And one that ends well with no answer, the same way.
    await sendToPage(page, { type: 'snapshot', snapshot: { ...unanswered, runId: 'run-unanswered-ended', finished: false } });
    await pollPage(page, `document.querySelector('.answers .empty')?.textContent === 'No answers yet.'`);
    await sendToPage(page, { type: 'deltas', runId: 'run-unanswered-ended', deltas: [{ type: 'finished' }] });
    await pollPage(page, `document.querySelector('.answers .empty')?.textContent === 'No chain stated an answer.'`);
    await page.close();
  });

  test('controls send typed messages, exports carry the snapshot and the Markdown report', async () => {
    const page = await openPage();
    const snapshot = smallSnapshot('run-export');
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    for (const name of ['Solve again ×2', 'Copy answer', 'Insert answer', 'Export JSON', 'Export Markdown']) {
      await page.getByRole('button', { name }).click();
    }
    const sent = (await sentByPage(page)).filter((message) => message.type !== 'ready');
    assert.deepEqual(sent.slice(0, 3), [
      { type: 'rerun', runId: 'run-export', budgetFactor: 2 },
      { type: 'copyAnswer', runId: 'run-export' },
      { type: 'insertAnswer', runId: 'run-export' },
    ]);
    const json = sent[3] as Extract<WebviewToHost, { type: 'export' }>;
    assert.equal(json.format, 'json');
    assert.deepEqual(JSON.parse(json.content ?? ''), snapshot);
    const markdown = sent[4] as Extract<WebviewToHost, { type: 'export' }>;
    assert.equal(markdown.format, 'markdown');
    assert.equal(markdown.content, buildMarkdownExport(snapshot));
    assert.ok(await page.getByRole('button', { name: 'Cancel' }).isDisabled(), 'a finished run cannot be cancelled');
    await page.close();
  });

  test('follows the theme class with VS Code variables (and legible fallbacks)', async () => {
    const page = await openPage();
    await sendToPage(page, { type: 'snapshot', snapshot: smallSnapshot('run-theme') });
    await waitForNodes(page, 17);
    const colours: Record<string, { fg: string; bg: string; fill: string }> = {};
    for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast']) {
      await page.evaluate(`document.body.className = '${theme}'`);
      colours[theme] = await page.evaluate<{ fg: string; bg: string; fill: string }>(
        `(() => { const b = getComputedStyle(document.body); return { fg: b.color, bg: b.backgroundColor, fill: getComputedStyle(document.querySelector('.tree-node.score-0 .mark')).fill }; })()`,
      );
    }
    assert.notEqual(colours['vscode-light']?.bg, colours['vscode-dark']?.bg);
    assert.notEqual(colours['vscode-light']?.fg, colours['vscode-dark']?.fg);
    assert.equal(colours['vscode-high-contrast']?.bg, 'rgb(0, 0, 0)');
    assert.notEqual(colours['vscode-light']?.fill, colours['vscode-dark']?.fill, 'the score scale follows the theme');
    // A theme variable set by VS Code wins over the fallback.
    await page.evaluate(`document.documentElement.style.setProperty('--vscode-editor-background', 'rgb(1, 2, 3)')`);
    assert.equal(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor'), 'rgb(1, 2, 3)');
    await page.close();
  });

  test('keeps UI state (selection, expansion, zoom, view) across a reload, and no tree data in it', async () => {
    const page = await openPage();
    const snapshot = smallSnapshot('run-reload');
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    await page.locator('[role=treeitem][data-id=c1s2]').click();
    await page.getByRole('button', { name: 'Switch view' }).click();
    const state = await page.evaluate<Record<string, unknown>>(`JSON.parse(sessionStorage.getItem('ponder.webview.state'))`);
    assert.equal(state.selectedId, 'c1s2');
    assert.ok(!JSON.stringify(state).includes('Chain 1'), 'no node text in the state');
    await page.reload();
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    assert.equal(await page.locator('[role=treeitem][aria-selected=true]').getAttribute('data-id'), 'c1s2');
    assert.equal(await page.locator('svg .tree-node.selected').getAttribute('data-id'), 'c1s2');
    assert.equal(await page.evaluate<string>(`document.getElementById('app').className`), `app ${String(state.activeView) === 'tree' ? 'view-tree' : 'view-outline'} finished`);
    await page.close();
  });

  test('folds siblings beyond the threshold behind "+k more" and unfolds them on click', async () => {
    const page = await openPage();
    const base = smallSnapshot('run-wide');
    const nodes = [...base.nodes];
    for (let i = 0; i < 12; i += 1) nodes.push({ ...base.nodes[1]!, id: `w${i}`, parentId: 'c0s1', depth: 2, text: `Wide ${i}` });
    await sendToPage(page, { type: 'snapshot', snapshot: { ...base, nodes } });
    await waitForNodes(page, nodes.length);
    const more = page.locator('svg .tree-more');
    assert.equal(await more.textContent(), '+5 more');
    await more.click();
    await pollPage(page, `document.querySelectorAll('svg .tree-more').length === 0`);
    assert.equal(await page.locator('svg .tree-node').count(), nodes.length);
    await page.close();
  });

  test('screenshots: a small and a large tree, light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const page = await openPage(`vscode-${theme}`);
      const small = smallSnapshot(`run-shot-small-${theme}`);
      await sendToPage(page, { type: 'snapshot', snapshot: small });
      await waitForNodes(page, small.nodes.length);
      await page.locator('[role=treeitem][data-id=c3s2]').click();
      await page.screenshot({ path: `${SCREENSHOTS}/webview-small-${theme}.png` });
      const large = largeSnapshot(2000, `run-shot-large-${theme}`);
      await sendToPage(page, { type: 'snapshot', snapshot: large });
      await waitForNodes(page, large.nodes.length);
      await page.screenshot({ path: `${SCREENSHOTS}/webview-large-${theme}.png` });
      await page.close();
    }
  });
});
