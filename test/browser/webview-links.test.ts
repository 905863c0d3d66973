// Links in model text in the webview: command:, file:, vscode:, relative, reference-style, auto-linked and
// entity-encoded targets never become clickable links; clicking what the text produced navigates nowhere,
// opens nothing and runs nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TreeNode, TreeSnapshot } from '../../src/protocol/tree';
import { pollPage, sendToPage, waitForNodes } from '../support/browser';
import { useWebviewSession } from '../support/webview-session';
import { node, smallSnapshot } from '../support/webview-trees';

const LINK_PAYLOADS = [
  '[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D) and <command:workbench.action.quit>',
  '[secret](file:///etc/passwd) [rel](../../.ssh/id_rsa) [abs](/etc/passwd) [vs](vscode://vscode.git/clone?url=https%3A%2F%2Fevil.example)',
  '[ref][1] and [other]\n\n[1]: command:workbench.action.quit\n[other]: file:///etc/shadow "t"',
  '[enc](&#99;ommand:workbench.action.quit) [up](COMMAND:workbench.action.quit) [sp]( command:x ) [tab](\tfile:///etc/passwd)',
  '[js](javascript:window.pwned=1) [data](data:text/html;base64,PHNjcmlwdD53aW5kb3cucHduZWQ9MTwvc2NyaXB0Pg==) [vbs](vbscript:msgbox)',
  '<a href="command:workbench.action.quit">raw anchor</a> <form action="command:x"><button formaction="file:///x">go</button></form>',
];

function linkSnapshot(): TreeSnapshot {
  const base = smallSnapshot('run-links');
  const hostile: TreeNode[] = LINK_PAYLOADS.map((text, i) => node(`l${i}`, 'p', 1, { text, thinking: text, score: 0.5 }));
  return {
    ...base,
    problem: LINK_PAYLOADS[0] ?? '',
    nodes: [...base.nodes, ...hostile],
    decisions: [{ kind: 'warning', message: LINK_PAYLOADS[1] ?? '' }],
  };
}

/** Every URL-carrying attribute in the document that does not point at the page's own files. */
const FOREIGN_TARGETS = (origin: string): string => `[...document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\\\:href]')]
  .flatMap((e) => ['href', 'src', 'action', 'formaction', 'xlink:href'].map((name) => e.getAttribute(name)).filter((v) => v !== null))
  .filter((v) => !v.startsWith(${JSON.stringify(origin)}))`;

describe('links in model text in the webview', () => {
  const session = useWebviewSession();

  test('command:, file:, vscode: and relative links are text; clicking them navigates nowhere', async () => {
    const { browser, server } = session();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(server.url);
      await page.evaluate(`window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI))`);
      await pollPage(page, 'window.ponderFakeHost && window.ponderFakeHost.sent.length > 0');
      const snapshot = linkSnapshot();
      await sendToPage(page, { type: 'snapshot', snapshot });
      await waitForNodes(page, snapshot.nodes.length);
      const requestsBefore = server.requests.length;
      let clicked = 0;
      for (const id of LINK_PAYLOADS.map((_, i) => `l${i}`)) {
        await page.locator(`[role=treeitem][data-id=${id}]`).click();
        await pollPage(page, `document.querySelector('[role=treeitem][data-id=${id}][aria-selected=true]')`);
        const details = page.locator('.details');
        if ((await details.locator('summary').count()) > 0) await details.locator('summary').click();
        // The link texts are there, as text.
        assert.ok(((await details.textContent()) ?? '').length > 0);
        for (const link of await details.locator('a').all()) {
          await link.click();
          clicked += 1;
        }
        assert.deepEqual(await page.evaluate<string[]>(FOREIGN_TARGETS(server.origin)), [], `no link target of ${id} survives`);
        assert.equal(await page.evaluate<number>(`document.querySelectorAll('.details form, .details [formaction], .details [onclick]').length`), 0);
      }
      assert.ok(clicked >= 10, `the link texts were clicked (${clicked})`);
      assert.equal(page.url(), server.url, 'the page did not navigate');
      assert.equal(context.pages().length, 1, 'no window was opened');
      assert.deepEqual(server.requests.slice(requestsBefore).filter((path) => path !== '/favicon.ico'), [], 'no request was made');
      assert.equal(await page.evaluate<unknown>('window.pwned'), undefined, 'no script ran');
      assert.deepEqual(await page.evaluate<string[]>('window.cspViolations'), []);
      // The problem and the decision, rendered elsewhere, carry no link either.
      assert.match((await page.locator('.problem').textContent()) ?? '', /command:workbench\.action\.terminal\.sendSequence/);
    } finally {
      await context.close();
    }
  });
});
