// A thinking model's runs in the tree view: each trace collapsed under its step in the outline, labelled with
// its length and how it ended (cut at the budget, extended with Wait, stopped), opened and closed from the
// keyboard, inert whatever it says; the details and the hover card carry the same summary; the budget meter
// splits thinking, answer and verification tokens, and looks as before for runs that did not count them.
// Screenshots in light, dark, high contrast and a narrow panel go to screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TreeNode, TreeSnapshot } from '../../src/protocol/tree';
import { pollPage, sendToPage, seriousAxeViolations, waitForNodes } from '../support/browser';
import { useWebviewSession } from '../support/webview-session';
import { node, smallSnapshot, thinkingSnapshot } from '../support/webview-trees';
import { xssCorpus } from '../support/xss-corpus';

const SCREENSHOTS = 'screenshots';
const HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> **bold** [link](https://example.com) $\\href{javascript:alert(1)}{x}$';

describe('thinking in the reasoning-tree webview', () => {
  const session = useWebviewSession();
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  async function show(snapshot: TreeSnapshot, options: { theme?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const page = await session().openPage(options);
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    return page;
  }
  const text = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).textContent()) ?? '';

  test('each trace is a collapsed item under its step, named by its length and how it ended', async () => {
    const page = await show(thinkingSnapshot());
    const items = page.locator('.outline-thinking');
    assert.equal(await items.count(), 4, 'one per chain, under its first step');
    assert.equal(await page.locator('.legend-thought').isVisible(), true);
    assert.equal(await page.evaluate<string>(`getComputedStyle(document.querySelector('.swatch-thought')).backgroundColor`), await page.evaluate<string>(`getComputedStyle(document.querySelector('.thought-mark')).fill`), 'the legend swatch has the mark’s colour');
    const expected: Record<string, string> = {
      c0s1: 'Thinking · 128 tokens · cut at 128 of 128 — answer forced',
      c1s1: 'Thinking · 128 tokens · extended 2× with Wait',
      c2s1: 'Thinking · 74 tokens · ended by the model within 128',
      c3s1: 'Thinking · 128 tokens · stopped at 128 of 128 — no answer (this model could not be forced)',
    };
    for (const [owner, label] of Object.entries(expected)) {
      const item = page.locator(`[role=treeitem][data-thinking-of=${owner}]`);
      assert.equal(await item.locator('.outline-text').textContent(), label);
      assert.equal(await item.getAttribute('aria-expanded'), 'false', 'collapsed by default');
      assert.equal(await item.getAttribute('aria-level'), '3', 'one level below its step (level 2)');
      // The item comes right after its step: it is the step's first child.
      const order = await page.evaluate<string[]>(`[...document.querySelectorAll('[role=treeitem]')].map((e) => e.dataset.id)`);
      assert.equal(order[order.indexOf(owner) + 1], `${owner}#thinking`);
      assert.equal(await page.locator(`[role=treeitem][data-id="${owner}"]`).getAttribute('aria-expanded'), 'true');
    }
    assert.equal(await page.locator('.outline-trace').count(), 0, 'no trace shown until asked');
    assert.equal(await page.locator('.outline-thinking .thinking-cut').textContent(), 'cut');
    await page.close();
  });

  test('the keyboard opens and closes a trace (Right, Left, Enter) and walks into it and back out', async () => {
    const page = await show(thinkingSnapshot('run-thinking-keys'));
    await page.locator('[role=treeitem][data-id=p]').focus();
    await page.keyboard.press('ArrowDown'); // c0s1
    await page.keyboard.press('ArrowDown'); // its thinking item
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.id'), 'c0s1#thinking');
    await page.keyboard.press('ArrowRight');
    await pollPage(page, `document.querySelector('[data-id="c0s1#thinking"]').getAttribute('aria-expanded') === 'true'`);
    const trace = page.locator('[role=treeitem][data-id="c0s1#thinking:trace"]');
    assert.equal(await trace.getAttribute('aria-level'), '4');
    assert.match((await trace.textContent()) ?? '', /^Okay, so/);
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.id'), 'c0s1#thinking', 'opening keeps focus on the item');
    await page.keyboard.press('ArrowRight'); // into the trace
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.id'), 'c0s1#thinking:trace');
    await page.keyboard.press('ArrowLeft'); // back to the item
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.id'), 'c0s1#thinking');
    await page.keyboard.press('ArrowLeft'); // closes it
    await pollPage(page, `document.querySelector('[data-id="c0s1#thinking"]').getAttribute('aria-expanded') === 'false'`);
    assert.equal(await trace.count(), 0);
    await page.keyboard.press('Enter'); // Enter opens it too
    await pollPage(page, `document.querySelector('[data-id="c0s1#thinking"]').getAttribute('aria-expanded') === 'true'`);
    await page.keyboard.press('Enter');
    await pollPage(page, `document.querySelector('[data-id="c0s1#thinking"]').getAttribute('aria-expanded') === 'false'`);
    await page.keyboard.press('ArrowLeft'); // a closed item's Left goes to its step
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.id'), 'c0s1');
    // A click opens it as well; Enter on the open trace selects its step.
    await page.locator('[role=treeitem][data-id="c1s1#thinking"]').click();
    await pollPage(page, `document.querySelector('[data-id="c1s1#thinking:trace"]')`);
    await page.locator('[role=treeitem][data-id="c1s1#thinking:trace"]').focus();
    await page.keyboard.press('Enter');
    await pollPage(page, `document.querySelector('[role=treeitem][data-id=c1s1][aria-selected=true]')`);
    // What is open survives a reload of the page (UI state only).
    await page.reload();
    await sendToPage(page, { type: 'snapshot', snapshot: thinkingSnapshot('run-thinking-keys') });
    await pollPage(page, `document.querySelector('[data-id="c1s1#thinking:trace"]')`);
    await page.close();
  });

  test('a streaming trace counts its characters until the engine counts its tokens', async () => {
    const base = smallSnapshot('run-thinking-live');
    const page = await show({ ...base, finished: false });
    await sendToPage(page, {
      type: 'deltas',
      runId: 'run-thinking-live',
      deltas: [
        { type: 'nodeAdded', node: { id: 'live', parentId: 'p', kind: 'step', status: 'streaming', text: '', depth: 1, usage: { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 } } },
        { type: 'textAppended', id: 'live', text: '', thinking: 'Okay, so twelve times thirteen' },
      ],
    });
    await pollPage(page, `document.querySelector('[data-id="live#thinking"]')`);
    assert.equal(await text(page, '[data-id="live#thinking"] .outline-text'), 'Thinking… 30 characters so far');
    await sendToPage(page, { type: 'deltas', runId: 'run-thinking-live', deltas: [{ type: 'textAppended', id: 'live', text: '', thinking: ' is 156.' }] });
    await pollPage(page, `document.querySelector('[data-id="live#thinking"] .outline-text').textContent.includes('38 characters')`);
    await sendToPage(page, {
      type: 'deltas',
      runId: 'run-thinking-live',
      deltas: [{ type: 'nodeUpdated', id: 'live', patch: { status: 'done', thinkingTokens: 12, thinkingBudget: 12, thinkingEnding: 'cut', thinkingExtensions: 0 } }],
    });
    await pollPage(page, `document.querySelector('[data-id="live#thinking"] .outline-text').textContent === 'Thinking · 12 tokens · cut at 12 of 12 — answer forced'`);
    await page.close();
  });

  test('a trace is shown as text: markup, links and math in it stay inert, in the outline and the details', async () => {
    const snapshot = thinkingSnapshot('run-thinking-hostile');
    const nodes = snapshot.nodes.map((node) => (node.id === 'c0s1' ? { ...node, thinking: HOSTILE } : node));
    const page = await show({ ...snapshot, nodes });
    await page.locator('[role=treeitem][data-id="c0s1#thinking"]').click();
    await pollPage(page, `document.querySelector('[data-id="c0s1#thinking:trace"]')`);
    assert.equal(await text(page, '[data-id="c0s1#thinking:trace"] .trace-text'), HOSTILE, 'the very characters, as text');
    await page.locator('[role=treeitem][data-id=c0s1]').click();
    await page.locator('.details .thinking-trace summary').click();
    await pollPage(page, `document.querySelector('.details .thinking-trace[open]')`);
    assert.equal(await page.locator('img, script:not([src]), a[href^="javascript"]').count(), 0);
    assert.equal(await page.evaluate<unknown>('window.pwned'), undefined);
    await page.close();
  });

  test('the generated XSS corpus as thinking traces: text in the outline, inert Markdown in the details', async () => {
    const corpus = xssCorpus();
    const chunks: string[] = [];
    for (let at = 0; at < corpus.length; at += 250) chunks.push(corpus.slice(at, at + 250).join('\n\n'));
    const base = smallSnapshot('run-thinking-corpus');
    const nodes: TreeNode[] = [...base.nodes, ...chunks.map((thinking, i) => node(`x${i}`, 'p', 1, { text: `Step ${i}`, thinking, thinkingTokens: 900 }))];
    const page = await show({ ...base, nodes });
    const dangerous = `['SCRIPT', 'IMG', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'INPUT', 'BUTTON', 'STYLE', 'LINK', 'META', 'BASE', 'VIDEO', 'AUDIO', 'SOURCE', 'IMAGE', 'USE', 'FOREIGNOBJECT']`;
    for (let i = 0; i < chunks.length; i += 1) {
      await page.locator(`[role=treeitem][data-id="x${i}#thinking"]`).click();
      await pollPage(page, `document.querySelector('[data-id="x${i}#thinking:trace"]')`);
      // The outline's trace is one text node: not a single element inside it.
      assert.equal(await page.evaluate<number>(`document.querySelector('[data-id="x${i}#thinking:trace"] .trace-text').children.length`), 0, `chunk ${i}`);
      assert.equal(await page.evaluate<string>(`document.querySelector('[data-id="x${i}#thinking:trace"] .trace-text').textContent`), chunks[i]);
      await page.locator(`[role=treeitem][data-id=x${i}]`).click();
      await pollPage(page, `document.querySelector('[role=treeitem][aria-selected=true]')?.dataset.id === 'x${i}' && document.querySelector('.details .thinking-trace')`);
      await page.locator('.details .thinking-trace summary').click();
      const found = await page.evaluate<string[]>(
        `[...document.querySelectorAll('.details .thinking *')].filter((e) => ${dangerous}.includes(e.tagName.toUpperCase()) || [...e.attributes].some((a) => /^on/i.test(a.name)) || (e.tagName === 'A' && e.hasAttribute('href') && !/^https?:\\/\\//i.test(e.getAttribute('href')))).map((e) => e.outerHTML.slice(0, 120))`,
      );
      assert.deepEqual(found, [], `chunk ${i}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await page.evaluate(`window.pwned`), undefined, 'no payload ran');
    await page.close();
  });

  test('the details and the hover card say how long the step thought and how it ended', async () => {
    const page = await show(thinkingSnapshot('run-thinking-details'));
    await page.locator('[role=treeitem][data-id=c0s1]').click();
    await pollPage(page, `document.querySelector('.details .thinking-trace')`);
    assert.equal(await text(page, '.details .thinking-trace summary'), 'Thinking trace · 128 tokens · cut at 128 of 128 — answer forced');
    assert.equal(await page.locator('.details .thinking-trace').getAttribute('open'), null, 'collapsed');
    assert.match(await text(page, '.details .facts'), /Thinking128 tokens · cut at 128 of 128 — answer forced/);
    // The summary is a native disclosure: Enter on it opens the trace.
    await page.locator('.details .thinking-trace summary').focus();
    await page.keyboard.press('Enter');
    await pollPage(page, `document.querySelector('.details .thinking-trace[open]')`);
    // The diagram marks the steps that thought, names their thinking for screen readers, and its card shows it.
    assert.deepEqual(await page.evaluate<string[]>(`[...document.querySelectorAll('svg .tree-node:has(.thought-mark)')].map((e) => e.dataset.id).sort()`), ['c0s1', 'c1s1', 'c2s1', 'c3s1']);
    assert.match((await page.locator('svg .tree-node[data-id=c1s1]').getAttribute('aria-label')) ?? '', /thought · 128 tokens · extended 2× with Wait$/);
    await page.locator('svg .tree-node[data-id=c1s1] .mark').hover();
    await pollPage(page, `!document.querySelector('.hover-card').hidden && document.querySelector('.hover-card .card-thinking')`);
    assert.equal(await text(page, '.hover-card .card-thinking'), 'Thinking · 128 tokens · extended 2× with Wait');
    await page.close();
  });

  test('the budget meter splits thinking, answer and verification tokens, with a legend and words', async () => {
    const page = await show(thinkingSnapshot('run-thinking-meter'));
    const parts = page.locator('.budget-bar .budget-part');
    assert.equal(await parts.count(), 3);
    assert.deepEqual(await page.evaluate<string[]>(`[...document.querySelectorAll('.budget-part')].map((e) => e.dataset.part)`), ['thinking', 'answer', 'verify']);
    const widths = await page.evaluate<string[]>(`[...document.querySelectorAll('.budget-part')].map((e) => e.style.getPropertyValue('--part'))`);
    assert.deepEqual(widths.map(Number), [458 / 4000, 640 / 4000, 352 / 4000]);
    assert.equal(await page.locator('.budget-bar').getAttribute('aria-valuetext'), '1,450 of 4,000 tokens: 458 thinking, 640 answers, 352 verification');
    assert.deepEqual(await page.locator('.budget-legend li').allTextContents(), ['Thinking458 (32%)', 'Answers640 (44%)', 'Verification352 (24%)']);
    // Each part has its own colour.
    const colours = await page.evaluate<string[]>(`[...document.querySelectorAll('.budget-part')].map((e) => getComputedStyle(e).backgroundImage + getComputedStyle(e).backgroundColor)`);
    assert.equal(new Set(colours).size, 3, colours.join(' | '));
    // Thinking counted, verification not: the rest is named for what it holds.
    await sendToPage(page, { type: 'deltas', runId: 'run-thinking-meter', deltas: [{ type: 'usage', usage: { promptTokens: 1, generatedTokens: 1000, calls: 3, wallMs: 10, tokenCap: 4000, thinkingTokens: 400 } }] });
    await pollPage(page, `document.querySelectorAll('.budget-legend li').length === 2`);
    assert.deepEqual(await page.locator('.budget-legend li .part-label').allTextContents(), ['Thinking', 'Answers and verification']);
    await page.close();
  });

  test('a run that counted no thinking shows the meter and outline as before', async () => {
    const page = await show(smallSnapshot('run-no-thinking'));
    assert.equal(await page.locator('.budget-bar .budget-part').count(), 0);
    assert.equal(await page.locator('.budget-bar .budget-fill').count(), 1);
    assert.equal(await page.locator('.budget-legend').isVisible(), false);
    assert.equal(await page.locator('.budget-bar').getAttribute('aria-valuetext'), '640 of 4,000 tokens');
    assert.equal(await page.locator('.outline-thinking').count(), 0);
    assert.equal(await page.locator('.legend-thought').isVisible(), false, 'no legend entry for thinking');
    // An older run with a trace but no token count: the item is there, its length in characters.
    const snapshot = smallSnapshot('run-old-trace');
    const nodes = snapshot.nodes.map((node) => (node.id === 'c0s1' ? { ...node, thinking: 'Let me think. 12 × 13 = 156.' } : node));
    await sendToPage(page, { type: 'snapshot', snapshot: { ...snapshot, nodes } });
    await pollPage(page, `document.querySelector('.outline-thinking')`);
    assert.equal(await text(page, '.outline-thinking .outline-text'), 'Thinking · 28 characters');
    await page.close();
  });

  test('no serious accessibility violations with traces open, light and dark', async () => {
    for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast']) {
      const page = await show(thinkingSnapshot(`run-thinking-axe-${theme}`), { theme });
      await page.locator('[role=treeitem][data-id="c0s1#thinking"]').click();
      await pollPage(page, `document.querySelector('[data-id="c0s1#thinking:trace"]')`);
      await page.locator('[role=treeitem][data-id=c0s1]').click();
      assert.deepEqual(await seriousAxeViolations(page), [], theme);
      await page.close();
    }
  });

  test('screenshots: traces and the split meter in light, dark, high contrast and a narrow panel', async () => {
    const shots: [string, string, { width: number; height: number }][] = [
      ['light', 'vscode-light', { width: 1280, height: 800 }],
      ['dark', 'vscode-dark', { width: 1280, height: 800 }],
      ['high-contrast', 'vscode-high-contrast', { width: 1280, height: 800 }],
      ['narrow', 'vscode-dark', { width: 380, height: 900 }],
    ];
    for (const [name, theme, viewport] of shots) {
      const page = await show(thinkingSnapshot(`run-thinking-shot-${name}`), { theme, viewport });
      await page.locator('[role=treeitem][data-id="c0s1#thinking"]').click();
      await pollPage(page, `document.querySelector('[data-id="c0s1#thinking:trace"]')`);
      await page.locator('[role=treeitem][data-id=c1s1]').click();
      await page.screenshot({ path: `${SCREENSHOTS}/webview-thinking-${name}.png` });
      await page.locator('.budget').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}/webview-thinking-${name}-side.png`, fullPage: true });
      await page.close();
    }
  });
});
