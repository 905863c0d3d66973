// Math from small models, which often write LaTeX without `$…$`: the details panel typesets it with KaTeX,
// the diagram's labels, their hover titles and the outline show it as readable Unicode text.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { TreeSnapshot } from '../../src/protocol/tree';
import { pollPage, sendToPage, waitForNodes } from '../support/browser';
import { useWebviewSession } from '../support/webview-session';
import { node, smallSnapshot } from '../support/webview-trees';

const SCREENSHOTS = 'screenshots';

function mathSnapshot(): TreeSnapshot {
  const base = smallSnapshot('run-math');
  const nodes = base.nodes.map((n) => (n.status === 'chosen' ? { ...n, status: 'done' as const } : n));
  return {
    ...base,
    nodes: [
      ...nodes,
      node('m1', 'p', 1, { text: 'Divide both sides: x = \\frac{38}{7}, and 3 \\times 4 \\leq \\sqrt{2}.', score: 0.9 }),
      node('ma', 'm1', 2, { kind: 'answer', answer: '\\boxed{\\frac{38}{7}}', text: 'So the answer is \\boxed{\\frac{38}{7}}.', score: 0.9, status: 'chosen' }),
    ],
  };
}

describe('math in the tree view', () => {
  const session = useWebviewSession();
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  test('undelimited LaTeX: KaTeX in the details, Unicode in labels, titles and the outline', async () => {
    for (const theme of ['vscode-light', 'vscode-dark']) {
      const page = await session().openPage({ theme });
      const snapshot = mathSnapshot();
      await sendToPage(page, { type: 'snapshot', snapshot });
      await waitForNodes(page, snapshot.nodes.length);
      const label = (await page.locator('svg .tree-node[data-id=ma] text').first().textContent()) ?? '';
      assert.equal(label, '38/7');
      assert.match((await page.locator('svg .tree-node[data-id=m1] title').textContent()) ?? '', /x = 38\/7, and 3 × 4 ≤ √2/);
      const outline = (await page.locator('[role=treeitem][data-id=m1]').textContent()) ?? '';
      assert.match(outline, /38\/7/);
      assert.doesNotMatch(outline, /\\frac/);
      await page.locator('svg .tree-node[data-id=ma] .mark').dispatchEvent('click');
      await pollPage(page, `document.querySelector('.details .katex')`);
      const details = page.locator('.details');
      assert.equal(await details.locator('.markdown .katex').count(), 1, 'the boxed fraction is typeset');
      assert.equal(await details.locator('.markdown .katex .mfrac').count(), 1);
      assert.doesNotMatch((await details.locator('.markdown').innerText()).replace(/\s+/g, ' '), /\\boxed/);
      assert.match((await details.locator('.facts').textContent()) ?? '', /Answer38\/7/);
      await page.locator('svg .tree-node[data-id=m1] .mark').dispatchEvent('click');
      await pollPage(page, `document.querySelectorAll('.details .markdown .katex').length === 2`);
      // The square root keeps its sign: KaTeX draws it as an SVG path, which sanitising must not strip.
      assert.ok(((await details.locator('.katex .sqrt svg path').getAttribute('d')) ?? '').length > 10, 'the root sign is drawn');
      await page.screenshot({ path: `${SCREENSHOTS}/webview-math-${theme}.png` });
      await page.close();
    }
  });

  // KaTeX's MathML copy and the details' hidden button label are absolutely positioned: placed against the
  // page rather than the side band, they made the whole panel scrollable, and bringing a selected node's
  // details into view scrolled the title and toolbar away (seen in VS Code at 200 and 500 px).
  for (const viewport of [{ width: 200, height: 810 }, { width: 500, height: 900 }]) {
    test(`${viewport.width}×${viewport.height}: a node's details with math leave the page itself unscrollable`, async () => {
      const page = await session().openPage({ theme: 'vscode-dark', viewport });
      // VS Code's own webview style: 20 px on each side.
      await page.evaluate(`document.body.style.padding = '0 20px'`);
      const snapshot = mathSnapshot();
      await sendToPage(page, { type: 'snapshot', snapshot });
      await waitForNodes(page, snapshot.nodes.length);
      if (!(await page.locator('.outline-pane').isVisible())) await page.locator('.controls button[title*="outline" i]').first().click();
      await page.locator('[role=treeitem][data-id=ma]').click();
      await pollPage(page, `document.querySelector('.details .katex') && document.querySelector('.details .details-actions')`);
      const extent = await page.evaluate<{ scrollHeight: number; clientHeight: number }>(`({ scrollHeight: document.scrollingElement.scrollHeight, clientHeight: document.scrollingElement.clientHeight })`);
      assert.equal(extent.scrollHeight, extent.clientHeight, `the page scrolls: ${extent.scrollHeight} px of content in ${extent.clientHeight}`);
      await page.evaluate(`document.querySelector('.details').scrollIntoView({ block: 'nearest' })`);
      assert.equal(await page.evaluate<number>(`document.scrollingElement.scrollTop`), 0, 'bringing the details into view scrolled the page');
      assert.ok(await page.locator('h1').isVisible());
      await page.close();
    });
  }
});
