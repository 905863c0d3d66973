// Labels built from model text: one line, cut to length, and never reordered by bidirectional controls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutBidiControls } from '../../../src/protocol/text';
import { firstLine } from '../../../src/webview/labels';

test('labels drop bidi embedding, override and isolate controls', () => {
  const trojan = 'answer is 12\u202E43\u202C and \u2066x\u2069';
  assert.equal(withoutBidiControls(trojan), 'answer is 1243 and x');
  assert.equal(firstLine(`\u202Efirst line\nsecond`, 80), 'first line');
});

test('labels keep one line, cut with an ellipsis', () => {
  assert.equal(firstLine('  a long first line here\nnext', 10), 'a long fi…');
  assert.equal(firstLine('short', 10), 'short');
});

test('labels show LaTeX as readable text, delimited or not', () => {
  assert.equal(firstLine('So x = \\boxed{\\frac{38}{7}}.\nnext', 80), 'So x = 38/7.');
  assert.equal(firstLine('$3 \\times 4 \\leq \\sqrt{2}$', 80), '3 × 4 ≤ √2');
  assert.equal(firstLine('\\text{<b>bold</b>}', 80), '<b>bold</b>', 'text, which the page inserts with textContent');
});
