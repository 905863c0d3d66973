import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderFallbackHtml } from '../../../src/extension/panel/fallback-page';

test('the fallback tree view has a strict CSP and writes data with textContent only', () => {
  const html = renderFallbackHtml('https://example.vscode-cdn.net', 'bm9uY2Utbm9uY2Utbm9uY2U=');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /script-src 'nonce-bm9uY2Utbm9uY2Utbm9uY2U='/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  // Every script and style carries the nonce; nothing renders markup from data.
  assert.equal((html.match(/<script/g) ?? []).length, (html.match(/<script nonce="bm9uY2Utbm9uY2Utbm9uY2U=">/g) ?? []).length);
  assert.doesNotMatch(html, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
});
