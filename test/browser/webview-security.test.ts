// Hostile model text in the webview: every payload is shown as text or made inert, no script runs, the CSP
// blocks inline script and network, and an axe-core scan finds no serious accessibility violations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TreeNode, TreeSnapshot } from '../../src/protocol/tree';
import { pollPage, sendToPage, seriousAxeViolations, waitForNodes } from '../support/browser';
import { serveWebviewPage } from '../support/webview-page';
import { useWebviewSession } from '../support/webview-session';
import { node, smallSnapshot } from '../support/webview-trees';

/** Each payload would set `window.pwned` if it ran. */
const PAYLOADS = [
  '<script>window.pwned = "script"</script> plain <b>bold?</b>',
  '<img src=x onerror="window.pwned = \'img\'"> and ![alt](x" onerror="window.pwned=\'md-img\')',
  '[click me](javascript:window.pwned=\'md-link\') and <a href="javascript:window.pwned=\'a\'">raw</a>',
  '<svg onload="window.pwned = \'svg\'"><script>window.pwned = "svg-script"</script></svg>',
  'KaTeX: $\\href{javascript:window.pwned=\'href\'}{click}$ and \\(\\url{javascript:window.pwned=\'url\'}\\)',
  '[command](command:workbench.action.terminal.new) [file](file:///etc/passwd) [data](data:text/html,<script>window.pwned=1</script>)',
  '$$\\htmlStyle{background:url(javascript:window.pwned=1)}{x} \\includegraphics{x}$$',
  '\\[ \\def\\a{\\a\\a}\\a \\] keeps KaTeX bounded',
];

function hostileSnapshot(): TreeSnapshot {
  const base = smallSnapshot('run-hostile');
  const hostile: TreeNode[] = PAYLOADS.map((text, i) => node(`h${i}`, 'p', 1, { text, thinking: text, score: 0.5 }));
  const answer = node('ha', 'h0', 2, { kind: 'answer', answer: '<img src=x onerror="window.pwned=\'answer\'">', text: PAYLOADS[0] ?? '' });
  return {
    ...base,
    problem: '<script>window.pwned="problem"</script>',
    nodes: [...base.nodes, ...hostile, answer],
    answers: [...base.answers, { answer: '<img src=x onerror="window.pwned=\'tally\'">', votes: 1, weight: 0.1, share: 0.01, nodeIds: ['ha'] }],
    decisions: [{ kind: 'warning', message: '<script>window.pwned="decision"</script>' }],
  };
}

describe('the webview against hostile text', () => {
  const session = useWebviewSession();
  // Record every CSP violation from the start: a payload that reached the DOM would show up as one.
  const openPage = (): Promise<Page> =>
    session().openPage({
      beforeReady: (page) =>
        page.evaluate(`window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI))`),
    });

  test('model text with script, handlers, links, SVG and KaTeX payloads stays text and runs nothing', async () => {
    const page = await openPage();
    const snapshot = hostileSnapshot();
    await sendToPage(page, { type: 'snapshot', snapshot });
    await waitForNodes(page, snapshot.nodes.length);
    for (const id of [...PAYLOADS.keys()].map((i) => `h${i}`).concat('ha')) {
      // The outline reaches every node (the diagram folds the root's twelve children).
      await page.locator(`[role=treeitem][data-id=${id}]`).click();
      await pollPage(page, `document.querySelector('[role=treeitem][data-id=${id}][aria-selected=true]')`);
      const details = page.locator('.details');
      // Open the thinking trace and click every link the text produced.
      if ((await details.locator('summary').count()) > 0) await details.locator('summary').click();
      for (const link of await details.locator('a').all()) await link.click();
      const hrefs = await page.evaluate<string[]>(`[...document.querySelectorAll('.details a[href]')].map((a) => a.getAttribute('href'))`);
      for (const href of hrefs) assert.match(href, /^https?:\/\//, `only web links survive, got ${href}`);
      const dangerous = await page.evaluate<number>(
        `document.querySelectorAll('.details script, .details img, .details iframe, .details object, .details foreignObject, .details [onerror], .details [onload], .details [onclick]').length`,
      );
      assert.equal(dangerous, 0, `nothing executable in the details of ${id}`);
      // Only KaTeX's own layout styles are applied (through the CSSOM); model text cannot style anything else.
      const styledOutsideMath = await page.evaluate<string[]>(`[...document.querySelectorAll('.details [style]')].filter((e) => !e.closest('.katex, .katex-error')).map((e) => e.outerHTML)`);
      assert.deepEqual(styledOutsideMath, []);
    }
    // The raw markup is shown to the reader as text.
    await page.locator('[role=treeitem][data-id=h0]').click();
    await pollPage(page, `document.querySelector('.details').textContent.includes('<script>')`);
    assert.match((await page.locator('.problem').textContent()) ?? '', /<script>window\.pwned="problem"<\/script>/);
    assert.match((await page.locator('.answers').textContent()) ?? '', /<img src=x onerror=/);
    assert.equal(await page.evaluate<unknown>('window.pwned'), undefined, 'no payload ran');
    assert.deepEqual(await page.evaluate<string[]>('window.cspViolations'), [], 'nothing even tried to run against the CSP');
    await page.close();
  });

  test('the CSP blocks inline script without the nonce and any network request', async () => {
    const probe = await serveWebviewPage({ bundleDir: session().bundleDir, probe: true });
    const page = await session().browser.newPage();
    try {
      await page.goto(probe.url);
      await pollPage(page, 'window.ponderFakeHost && window.ponderFakeHost.sent.length > 0');
      assert.equal(await page.evaluate<unknown>('window.inlineScriptRan'), undefined, 'the inline script was blocked');
      const fetched = await page.evaluate<string>(`fetch('${probe.origin}/dist/webview.js').then(() => 'loaded', (e) => 'blocked: ' + e.name)`);
      assert.match(fetched, /^blocked/);
      const outside = await page.evaluate<string>(`fetch('https://example.com/').then(() => 'loaded', (e) => 'blocked: ' + e.name)`);
      assert.match(outside, /^blocked/);
      const csp = await page.evaluate<string>(`document.querySelector('meta[http-equiv=Content-Security-Policy]').content`);
      assert.match(csp, /default-src 'none'; script-src 'nonce-[^']+'; style-src \S+ 'nonce-[^']+'; font-src \S+; img-src \S+ data:; connect-src 'none'/);
      assert.deepEqual(probe.requests.filter((path) => !path.startsWith('/dist/') && path !== '/' && path !== '/favicon.ico'), []);
    } finally {
      await page.close();
      await probe.close();
    }
  });

  test('an axe-core scan finds no serious or critical violations, light and dark', async () => {
    for (const theme of ['vscode-light', 'vscode-dark']) {
      const page = await openPage();
      await page.evaluate(`document.body.className = '${theme}'`);
      const snapshot = smallSnapshot(`run-axe-${theme}`);
      await sendToPage(page, { type: 'snapshot', snapshot });
      await waitForNodes(page, snapshot.nodes.length);
      await page.locator('[role=treeitem][data-id=c3s1]').click();
      await pollPage(page, `document.querySelector('.details .katex')`);
      assert.deepEqual(await seriousAxeViolations(page), [], theme);
      await page.close();
    }
  });
});
