// The README's picture of the reasoning tree is drawn by the webview itself: the small tree's SVG, taken
// from the page with every colour, stroke and font resolved from the theme and written inline, so the file
// stands alone. It is a vector figure regenerated from the code (like the benchmark plots), not a bitmap.
// The test always checks the figure is complete and inert; with PONDER_WRITE_DOCS=1 it writes
// docs/img/tree-{light,dark}.svg.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { writeDocsEnabled } from '../support/doc-section';
import { sendToPage, waitForNodes } from '../support/browser';
import { useWebviewSession } from '../support/webview-session';
import { smallSnapshot } from '../support/webview-trees';

/** Runs in the page: a standalone copy of the tree's SVG with computed styles inlined. */
const EXPORT_SVG = `(() => {
  const source = document.querySelector('svg.tree-svg');
  if (!source) return null;
  const content = source.querySelector('g');
  const box = content.getBBox();
  const pad = 16;
  const copy = source.cloneNode(true);
  const props = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'visibility', 'display'];
  const originals = [source, ...source.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, i) => {
    const style = getComputedStyle(element);
    const target = copies[i];
    target.removeAttribute('class');
    target.setAttribute('style', props.map((p) => p + ':' + style.getPropertyValue(p)).join(';'));
  });
  // The view's pan and zoom do not belong in the figure: frame the content instead.
  copy.querySelector('g').removeAttribute('transform');
  const width = Math.ceil(box.width + 2 * pad);
  const height = Math.ceil(box.height + 2 * pad);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('viewBox', [Math.floor(box.x - pad), Math.floor(box.y - pad), width, height].join(' '));
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.removeAttribute('style');
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('x', String(Math.floor(box.x - pad)));
  background.setAttribute('y', String(Math.floor(box.y - pad)));
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  background.setAttribute('fill', getComputedStyle(document.body).backgroundColor);
  copy.insertBefore(background, copy.firstChild);
  for (const element of copy.querySelectorAll('[tabindex],[role],[aria-label],[data-id]')) {
    for (const name of ['tabindex', 'role', 'aria-label', 'data-id']) element.removeAttribute(name);
  }
  return new XMLSerializer().serializeToString(copy);
})()`;

describe('the README figure of the reasoning tree', () => {
  const session = useWebviewSession();

  for (const theme of ['light', 'dark'] as const) {
    test(`the small tree as a standalone SVG, ${theme}`, async () => {
      const page = await session().openPage({ theme: `vscode-${theme}` });
      const snapshot = smallSnapshot(`run-figure-${theme}`);
      await sendToPage(page, { type: 'snapshot', snapshot });
      await waitForNodes(page, snapshot.nodes.length);
      const svg = await page.evaluate<string | null>(EXPORT_SVG);
      await page.close();
      assert.ok(svg, 'the tree view draws an SVG');
      assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.doesNotMatch(svg, /<script|<foreignObject|\son\w+=|href=/i, 'the figure is inert');
      assert.doesNotMatch(svg, /var\(--/, 'every theme colour is resolved');
      const marks = (svg.match(/<(circle|rect)\b/g) ?? []).length - 1; // less the background
      assert.equal(marks, snapshot.nodes.length, 'one mark per node');
      if (writeDocsEnabled()) {
        mkdirSync('docs/img', { recursive: true });
        writeFileSync(`docs/img/tree-${theme}.svg`, `${svg}\n`);
      }
    });
  }
});
