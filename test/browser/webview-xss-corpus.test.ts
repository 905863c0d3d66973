// The generated XSS corpus (test/support/xss-corpus.ts) as model text in the details panel, where Markdown
// and math are rendered: nothing runs, no element that loads or runs anything is created, links are http(s)
// only. The payloads go in chunks, one node each, so the whole corpus is rendered in a few selections.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TreeNode, TreeSnapshot } from '../../src/protocol/tree';
import { pollPage, sendToPage, waitForNodes } from '../support/browser';
import { useWebviewSession } from '../support/webview-session';
import { node, smallSnapshot } from '../support/webview-trees';
import { xssCorpus } from '../support/xss-corpus';

const CHUNK = 250;

describe('the details panel against the generated XSS corpus', () => {
  const session = useWebviewSession();

  test('every payload renders inert', async () => {
    const corpus = xssCorpus();
    const chunks: string[] = [];
    for (let at = 0; at < corpus.length; at += CHUNK) chunks.push(corpus.slice(at, at + CHUNK).join('\n\n'));
    const base = smallSnapshot('run-corpus');
    const nodes: TreeNode[] = [...base.nodes, ...chunks.map((text, i) => node(`x${i}`, 'p', 1, { text, score: 0.5 }))];
    const snapshot: TreeSnapshot = { ...base, nodes };
    const page = await session().openPage();
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, nodes.length);
    for (let i = 0; i < chunks.length; i += 1) {
      await page.locator(`[role=treeitem][data-id=x${i}]`).click();
      await pollPage(page, `document.querySelector('.details .markdown')?.textContent.includes(${JSON.stringify(`window.pwned`)}) && document.querySelector('[role=treeitem][aria-selected=true]')?.dataset.id === 'x${i}'`);
      const found = await page.evaluate<string[]>(`[...document.querySelectorAll('.details .markdown *')].filter((e) => ['SCRIPT', 'IMG', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'INPUT', 'BUTTON', 'STYLE', 'LINK', 'META', 'BASE', 'VIDEO', 'AUDIO', 'SOURCE', 'IMAGE', 'USE', 'FOREIGNOBJECT'].includes(e.tagName.toUpperCase()) || [...e.attributes].some((a) => /^on/i.test(a.name)) || (e.tagName === 'A' && e.hasAttribute('href') && !/^https?:\\/\\//i.test(e.getAttribute('href')))).map((e) => e.outerHTML.slice(0, 120))`);
      assert.deepEqual(found, [], `chunk ${i}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await page.evaluate(`window.pwned`), undefined, 'no payload ran');
    await page.close();
  });
});
