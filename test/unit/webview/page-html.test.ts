import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseUiState } from '../../../src/webview/ui-state';
import { renderWebviewHtml, webviewCsp } from '../../../src/shared/page-html';
import { scoreBand, scoreClass } from '../../../src/webview/score-scale';

const NONCE = 'AbCdEfGhIjKlMnOpQrSt12';

describe('the webview page for the host', () => {
  test('carries the strict CSP, the nonce on the script and style sheets, and no inline script', () => {
    const html = renderWebviewHtml({ cspSource: 'vscode-resource:', nonce: NONCE, scriptUri: 'vscode-resource:/dist/webview.js', styleUris: ['vscode-resource:/dist/webview.css'] });
    assert.ok(html.includes(`content="${webviewCsp('vscode-resource:', NONCE).replace(/'/g, '&#39;')}"`));
    assert.equal(webviewCsp('X', NONCE), `default-src 'none'; script-src 'nonce-${NONCE}'; style-src X 'nonce-${NONCE}'; font-src X; img-src X data:; connect-src 'none'`);
    assert.match(html, new RegExp(`<script nonce="${NONCE}" src="vscode-resource:/dist/webview.js"></script>`));
    assert.match(html, new RegExp(`<link rel="stylesheet" href="vscode-resource:/dist/webview.css" nonce="${NONCE}">`));
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  test('escapes URIs and refuses a weak nonce', () => {
    const html = renderWebviewHtml({ cspSource: 'x', nonce: NONCE, scriptUri: '"><script>alert(1)</script>', styleUris: [] });
    assert.ok(!html.includes('<script>alert'));
    assert.throws(() => renderWebviewHtml({ cspSource: 'x', nonce: 'short', scriptUri: 'a', styleUris: [] }), /nonce/);
    assert.throws(() => renderWebviewHtml({ cspSource: 'x', nonce: `${NONCE}' 'unsafe-inline`, scriptUri: 'a', styleUris: [] }), /nonce/);
  });
});

describe('webview UI state and score bands', () => {
  test('saved state is read defensively and keeps only UI fields', () => {
    assert.deepEqual(parseUiState(undefined), { outlineToggled: [], siblingsExpanded: [] });
    assert.deepEqual(parseUiState({ selectedId: 'a', outlineToggled: ['x', 3], zoom: { x: 1, y: 2, k: 0 }, activeView: 'tree', nodes: [1] }), {
      selectedId: 'a',
      outlineToggled: ['x'],
      siblingsExpanded: [],
      activeView: 'tree',
    });
    assert.deepEqual(parseUiState({ zoom: { x: 1, y: 2, k: 0.5 } }).zoom, { x: 1, y: 2, k: 0.5 });
    assert.deepEqual(parseUiState({ zoom: { x: 1, y: 2, k: 0.5, width: 640 } }).zoom, { x: 1, y: 2, k: 0.5, width: 640 });
    assert.deepEqual(parseUiState({ zoom: { x: 1, y: 2, k: 0.5, width: 'wide' } }).zoom, { x: 1, y: 2, k: 0.5 }, 'a malformed width is dropped, the transform kept');
  });

  test('scores fall in five bands, the unscored in their own', () => {
    assert.deepEqual([0, 0.19, 0.2, 0.59, 0.8, 1, 7].map(scoreBand), [0, 0, 1, 2, 4, 4, 4]);
    assert.equal(scoreClass(undefined), 'score-none');
    assert.equal(scoreClass(Number.NaN), 'score-none');
    assert.equal(scoreClass(0.65), 'score-3');
  });
});
