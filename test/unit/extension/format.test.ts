import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completedBytes, formatBytes, formatTokens, inertNotificationText } from '../../../src/extension/format';

test('sizes and token counts read as people write them', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(986_000_000), '986 MB');
  assert.equal(formatBytes(1_234_000_000), '1.2 GB');
  assert.equal(formatTokens(950), '950');
  assert.equal(formatTokens(3_456), '3.5k');
});

test('the downloaded amount is read from a pull progress message, or not at all', () => {
  assert.equal(completedBytes('pulling 6a0746a1ec1a: 1.2 GB / 2.0 GB'), 1.2e9);
  assert.equal(completedBytes('pulling manifest: 512 kB / 4 MB'), 512_000);
  assert.equal(completedBytes('verifying sha256 digest'), undefined);
  assert.equal(completedBytes(undefined), undefined);
});

test('Markdown links in server or model text do not become links in a notification', () => {
  const hostile = 'The answer is [42](command:workbench.action.terminal.sendSequence?%7B%7D) and [x] (https://evil.example)';
  const inert = inertNotificationText(hostile);
  assert.doesNotMatch(inert, /\]\s*\(/);
  assert.equal(inert.replace(/\u200b/g, ''), hostile.replace('] (', ']('));
  assert.equal(inertNotificationText('[1, 2] and f(x)'), '[1, 2] and f(x)');
});
