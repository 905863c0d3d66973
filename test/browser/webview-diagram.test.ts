// The diagram at default sizes: the opening frame shows every label whole, the legend covers no node, the
// tree gets most of the height, nodes are reached and selected from the keyboard with their details brought
// into view, and narrow panels keep a usable toolbar. Screenshots light and dark, narrow and wide.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TreeSnapshot } from '../../src/protocol/tree';
import { pollPage, sendToPage, waitForNodes } from '../support/browser';
import { useWebviewSession } from '../support/webview-session';
import { node, smallSnapshot } from '../support/webview-trees';

const SCREENSHOTS = 'screenshots';
type Box = { left: number; right: number; top: number; bottom: number };

async function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.evaluate<Box[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; })`);
}

/** Sends `snapshot` and waits until the diagram has drawn it at its size. */
async function showDiagram(page: Page, snapshot: TreeSnapshot): Promise<void> {
  await sendToPage(page, { type: 'snapshot', snapshot });
  await waitForNodes(page, snapshot.nodes.length);
  await pollPage(page, `document.querySelector('.tree-svg').clientWidth > 0`);
}

/** How far the root's label is from the middle of the diagram, and the diagram's width, in pixels. */
async function rootFromMiddle(page: Page): Promise<{ offset: number; width: number }> {
  const [stage] = await boxes(page, '.tree-svg');
  const [root] = await boxes(page, 'svg .tree-node[data-id=p] .tree-label');
  assert.ok(stage && root);
  return { offset: (root.left + root.right) / 2 - (stage.left + stage.right) / 2, width: stage.right - stage.left };
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * The small tree with four more chains that branch six ways each (fewer than fold into "+k more"): 28
 * leaves, the chosen one first (leftmost), far from the root in the middle.
 */
function wideSnapshot(runId: string): TreeSnapshot {
  const base = smallSnapshot(runId);
  const extra = Array.from({ length: 4 }, (_, i) => [
    node(`w${i}s1`, 'p', 1, { sample: 4 + i, score: 0.6, text: `Chain ${4 + i}, step 1.` }),
    ...Array.from({ length: 6 }, (_, j) => node(`w${i}a${j}`, `w${i}s1`, 2, { kind: 'answer', answer: '156', text: 'The answer is 156.', score: 0.5, sample: 4 + i })),
  ]).flat();
  const nodes = [...base.nodes.map((n) => (n.id === 'c3a' ? { ...n, status: 'done' as const } : n.id === 'c0a' ? { ...n, status: 'chosen' as const } : n)), ...extra];
  return { ...base, nodes };
}

describe('the diagram at default sizes', () => {
  const session = useWebviewSession();
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  for (const viewport of [{ width: 1400, height: 900 }, { width: 700, height: 900 }]) {
    test(`${viewport.width}×${viewport.height}: labels whole and legible, the chosen answer in view, legend clear of the tree, the tree gets the room`, async () => {
      for (const theme of ['vscode-light', 'vscode-dark']) {
        const page = await session().openPage({ theme, viewport });
        const snapshot = smallSnapshot(`run-frame-${viewport.width}`);
        await sendToPage(page, { type: 'snapshot', snapshot });
        await waitForNodes(page, snapshot.nodes.length);
        assert.ok(await page.locator('.tree-svg').isVisible(), 'the diagram is the view at this width');
        // Once laid out: an SVG not yet sized by the page's grid is 150 px high by default (seen once under load).
        await pollPage(page, `document.querySelector('.tree-svg').clientWidth > 0 && document.querySelector('.tree-svg').clientHeight !== 150`);
        const stage = (await boxes(page, '.tree-svg'))[0];
        assert.ok(stage);
        assert.ok(stage.bottom - stage.top >= 0.6 * viewport.height, `the canvas is ${stage.bottom - stage.top} px of ${viewport.height}`);
        const labels = await boxes(page, 'svg .tree-label');
        assert.equal(labels.length, snapshot.nodes.length);
        const whole = labels.filter((label) => label.left >= stage.left - 0.5 && label.right <= stage.right + 0.5);
        for (const label of labels) assert.ok(label.bottom - label.top >= 9, `labels are ${label.bottom - label.top} px tall`);
        // Wide enough for the whole tree at a legible scale: every label whole. Narrower: the tree opens at a
        // legible scale framed on the chosen chain, as near the root as keeps the chosen answer whole (panning
        // shows the rest), never at a scale nobody can read.
        if (viewport.width >= 1100) assert.equal(whole.length, labels.length, 'a label is clipped');
        else {
          const chosen = (await boxes(page, 'svg .tree-node[data-id=c3a] .tree-label'))[0];
          assert.ok(chosen && chosen.left >= stage.left - 0.5 && chosen.right <= stage.right + 0.5, 'the chosen answer label is whole');
          assert.ok(whole.length >= labels.length / 2, `${whole.length} of ${labels.length} labels whole`);
        }
        const legend = (await boxes(page, '.legend'))[0];
        assert.ok(legend);
        for (const mark of await boxes(page, 'svg .tree-node')) assert.ok(!overlaps(mark, legend), 'the legend covers a node');
        await page.screenshot({ path: `${SCREENSHOTS}/webview-diagram-${viewport.width}-${theme}.png` });
        await page.close();
      }
    });
  }

  test('a narrow panel opens a finished tree too wide to show whole on its chosen answer, whole', async () => {
    const page = await session().openPage({ viewport: { width: 700, height: 900 } });
    const snapshot = wideSnapshot('run-frame-wide');
    await showDiagram(page, snapshot);
    const stage = (await boxes(page, '.tree-svg'))[0];
    const chosen = (await boxes(page, 'svg .tree-node[data-id=c0a] .tree-label'))[0];
    const far = (await boxes(page, 'svg .tree-node[data-id=w3a5] .tree-label'))[0];
    assert.ok(stage && chosen && far);
    assert.ok(far.right > stage.right || far.left < stage.left, 'the tree is too wide to show whole here');
    assert.ok(chosen.left >= stage.left - 0.5 && chosen.right <= stage.right + 0.5, `the chosen answer label is whole: ${JSON.stringify(chosen)} in ${JSON.stringify(stage)}`);
    // Levels stretched to the panel's shape would put the answers far below it at a legible scale.
    assert.ok(chosen.top >= stage.top && chosen.bottom <= stage.bottom, `the chosen answer is within the panel's height: ${JSON.stringify(chosen)} in ${JSON.stringify(stage)}`);
    await page.screenshot({ path: `${SCREENSHOTS}/webview-diagram-wide-chosen.png` });
    await page.close();
  });

  test('a panel made narrower keeps what was in the middle of the view in the middle', async () => {
    const page = await session().openPage({ viewport: { width: 1400, height: 900 } });
    const snapshot = smallSnapshot('run-resize');
    await showDiagram(page, snapshot);
    const wide = await rootFromMiddle(page);
    await page.setViewportSize({ width: 760, height: 900 });
    await pollPage(page, `document.querySelector('.tree-svg').clientWidth < ${Math.round(wide.width) - 100}`);
    let narrow = await rootFromMiddle(page);
    for (let i = 0; i < 20 && Math.abs(narrow.offset - wide.offset) > 1.5; i++) {
      await page.waitForTimeout(50);
      narrow = await rootFromMiddle(page);
    }
    assert.ok(narrow.width < wide.width - 100, `the diagram narrowed: ${wide.width} → ${narrow.width}`);
    assert.ok(Math.abs(narrow.offset - wide.offset) <= 1.5, `the root was ${wide.offset.toFixed(1)} px from the middle and is ${narrow.offset.toFixed(1)} px after the resize`);
    await page.close();
  });

  test('a pan saved at one width and restored at another (a reload in a narrower panel) keeps the middle', async () => {
    const page = await session().openPage({ viewport: { width: 760, height: 900 } });
    const snapshot = smallSnapshot('run-restore-width');
    // State saved by a view 1,000 px wide, restored into a narrower one.
    await page.evaluate(`sessionStorage.setItem('ponder.webview.state', JSON.stringify({ runId: 'run-restore-width', outlineToggled: [], siblingsExpanded: [], activeView: 'tree', zoom: { x: 200, y: 30, k: 1, width: 1000 } }))`);
    await page.reload();
    await showDiagram(page, snapshot);
    const width = await page.evaluate<number>(`document.querySelector('.tree-svg').clientWidth`);
    const transform = await page.evaluate<string>(`document.querySelector('.tree-svg > g').getAttribute('transform')`);
    const match = /translate\(([-\d.e]+),\s*([-\d.e]+)\)\s*scale\(([-\d.e]+)\)/.exec(transform);
    assert.ok(match, transform);
    assert.ok(width < 1000 - 100, `the view is narrower than the one that saved: ${width}`);
    assert.ok(Math.abs(Number(match[1]) - (200 + (width - 1000) / 2)) <= 0.5, `x ${match[1]} keeps the middle (expected ${200 + (width - 1000) / 2})`);
    assert.equal(Number(match[2]), 30);
    assert.equal(Number(match[3]), 1);
    await page.close();
  });

  test('a live run framed on its root moves to its chosen answer when it finishes, unless the view was moved', async () => {
    for (const moved of [false, true]) {
      const page = await session().openPage({ viewport: { width: 700, height: 900 } });
      const finished = wideSnapshot(`run-frame-live-${String(moved)}`);
      const { chosenAnswer: _chosen, ...rest } = finished;
      // The same tree while it runs: nothing chosen yet, so the view opens on the root. It opens with its first
      // steps only (wide and one level deep, as a live run's first samples are), then grows its deeper levels.
      const nodes = finished.nodes.map((n) => (n.status === 'chosen' ? { ...n, status: 'done' as const } : n));
      const running = { ...rest, finished: false, nodes };
      await showDiagram(page, { ...running, nodes: nodes.filter((n) => n.depth <= 1) });
      await sendToPage(page, { type: 'deltas', runId: finished.runId, deltas: nodes.filter((n) => n.depth > 1).map((n) => ({ type: 'nodeAdded' as const, node: n })) });
      await waitForNodes(page, nodes.length);
      if (moved) {
        // A drag on the diagram: the person's view, which the finish must not take away.
        const stage = (await boxes(page, '.tree-svg'))[0];
        assert.ok(stage);
        await page.mouse.move(stage.left + 300, stage.top + 200);
        await page.mouse.down();
        await page.mouse.move(stage.left + 340, stage.top + 230, { steps: 4 });
        await page.mouse.up();
      }
      const transform = (): Promise<string> => page.evaluate<string>(`document.querySelector('.tree-svg > g').getAttribute('transform')`);
      const before = await transform();
      const chosenLabel = (): Promise<Box[]> => boxes(page, 'svg .tree-node[data-id=c0a] .tree-label');
      const stage = (await boxes(page, '.tree-svg'))[0];
      const atStart = (await chosenLabel())[0];
      assert.ok(stage && atStart);
      assert.ok(atStart.left < stage.left - 0.5 || atStart.right > stage.right + 0.5, 'the chosen answer starts out of view (the test needs it)');
      await sendToPage(page, {
        type: 'deltas',
        runId: finished.runId,
        deltas: [
          { type: 'nodeUpdated', id: 'c0a', patch: { status: 'chosen' } },
          { type: 'answersChanged', answers: finished.answers, chosenAnswer: '160', confidence: 0.73 },
          { type: 'finished' },
        ],
      });
      await pollPage(page, `document.querySelector('svg .tree-node.on-chain[data-id=c0a]')`);
      await page.waitForTimeout(300);
      if (moved) assert.equal(await transform(), before, 'the finish moved a view the person had moved');
      else {
        const chosen = (await chosenLabel())[0];
        assert.ok(chosen && chosen.left >= stage.left - 0.5 && chosen.right <= stage.right + 0.5, `the finished run's chosen answer is not whole in view: ${JSON.stringify(chosen)} in ${JSON.stringify(stage)}`);
        // Levels spaced for the one-level tree the run opened with would put the answers below the panel.
        assert.ok(chosen.top >= stage.top && chosen.bottom <= stage.bottom, `the chosen answer is below or above the view: ${JSON.stringify(chosen)} in ${JSON.stringify(stage)}`);
      }
      await page.close();
    }
  });

  test('a narrow panel opens a running tree, where nothing is chosen yet, on its root', async () => {
    const page = await session().openPage({ viewport: { width: 700, height: 900 } });
    const base = smallSnapshot('run-frame-running');
    const { chosenAnswer: _chosen, ...rest } = base;
    const snapshot = { ...rest, finished: false, nodes: base.nodes.map((n) => (n.status === 'chosen' ? { ...n, status: 'done' as const } : n)) };
    await showDiagram(page, snapshot);
    const stage = (await boxes(page, '.tree-svg'))[0];
    const root = (await boxes(page, 'svg .tree-node[data-id=p] .tree-label'))[0];
    assert.ok(stage && root && root.left >= stage.left && root.right <= stage.right, 'the root label is whole');
    await page.close();
  });

  test('keyboard: Tab reaches the diagram, arrows move between nodes, Enter selects and brings the details into view', async () => {
    const page = await session().openPage({ viewport: { width: 1400, height: 600 } });
    const snapshot = smallSnapshot('run-keyboard');
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    assert.equal(await page.locator('svg .tree-node[tabindex="0"]').count(), 1, 'one tab stop');
    await page.locator('svg .tree-node[tabindex="0"]').focus();
    assert.equal(await page.evaluate<string>(`document.activeElement.dataset.id`), 'p');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate<string>(`document.activeElement.dataset.id`), 'c0s1');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate<string>(`document.activeElement.dataset.id`), 'c1s1');
    assert.ok(!(await page.locator('.hover-card').isHidden()), 'the focused node shows its card');
    assert.match((await page.locator('.hover-card').textContent()) ?? '', /Chain 1, step 1/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate<string>(`document.activeElement.dataset.id`), 'c1a');
    await page.keyboard.press('Enter');
    await pollPage(page, `document.querySelector('svg .tree-node.selected')?.dataset.id === 'c1a'`);
    assert.equal(await page.evaluate<string>(`document.activeElement.dataset.id`), 'c1a', 'focus stays on the node after it is redrawn');
    await pollPage(page, `(() => { const d = document.querySelector('.details').getBoundingClientRect(); return d.top >= 0 && d.top < window.innerHeight - 40; })()`);
    assert.match((await page.locator('.details').textContent()) ?? '', /The answer is 160/);
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate<string>(`document.activeElement.dataset.id`), 'c1s3');
    await page.screenshot({ path: `${SCREENSHOTS}/webview-diagram-keyboard.png` });
    await page.close();
  });

  test('a 215 px panel: icon toolbar in at most two rows, outline labels readable, shares shown', async () => {
    for (const theme of ['vscode-light', 'vscode-dark']) {
      const page = await session().openPage({ theme, viewport: { width: 215, height: 900 } });
      const snapshot = smallSnapshot('run-narrow');
      await sendToPage(page, { type: 'snapshot', snapshot });
      await waitForNodes(page, snapshot.nodes.length);
      const toolbar = (await boxes(page, '.controls'))[0];
      assert.ok(toolbar && toolbar.bottom - toolbar.top <= 64, `the toolbar is ${toolbar ? toolbar.bottom - toolbar.top : 0} px high`);
      for (const name of ['Cancel', 'Export Markdown', 'Switch view']) {
        assert.equal(await page.getByRole('button', { name }).count(), 1, `${name} keeps its accessible name`);
      }
      const first = (await boxes(page, '[role=treeitem] .outline-text'))[0];
      const outline = first ? first.right - first.left : 0;
      assert.ok(outline >= 100, `outline labels get ${outline} px`);
      assert.ok(await page.locator('.answers-table .share-text').first().isVisible(), 'the share is still shown');
      await page.screenshot({ path: `${SCREENSHOTS}/webview-narrow-215-${theme}.png`, fullPage: true });
      await page.close();
    }
  });
});
