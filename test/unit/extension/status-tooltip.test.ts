import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusTooltip, tooltipPlainText } from '../../../src/extension/status-tooltip';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';

test('a host on another machine is named in the tooltip and marked as remote', () => {
  const tooltip = statusTooltip({ ...DEFAULT_SETTINGS, ollamaHost: 'http://gpu-box.lan:11434' });
  const text = tooltipPlainText(tooltip);
  assert.equal(tooltip.remoteHost, true);
  assert.match(text, /Ollama host: http:\/\/gpu-box\.lan:11434 \(remote\)/);
  assert.match(text, /\$\(warning\) http:\/\/gpu-box\.lan:11434 is not on this machine: problems you solve are sent to it/);
  assert.match(text, /your user settings \(ponder\.ollamaHost\)/);
});

test('a loopback host is named without a warning', () => {
  for (const ollamaHost of ['http://127.0.0.1:11434', 'http://localhost:11434', 'http://[::1]:11434']) {
    const tooltip = statusTooltip({ ...DEFAULT_SETTINGS, ollamaHost });
    const text = tooltipPlainText(tooltip);
    assert.equal(tooltip.remoteHost, false, ollamaHost);
    assert.ok(text.includes(`Ollama host: ${ollamaHost} (this machine)`), text);
    assert.doesNotMatch(text, /warning|remote|not on this machine/);
  }
});

test('the default settings use this machine', () => {
  assert.equal(statusTooltip(DEFAULT_SETTINGS).remoteHost, false);
});

test('with the simulated model no host is used, so none is warned about', () => {
  const tooltip = statusTooltip({ ...DEFAULT_SETTINGS, useSimulatedModel: true, ollamaHost: 'http://gpu-box.lan:11434' });
  assert.equal(tooltip.remoteHost, false);
  assert.match(tooltipPlainText(tooltip), /Ollama: not used/);
  assert.doesNotMatch(tooltipPlainText(tooltip), /gpu-box/);
});

test('setting values are text parts, never Markdown: a model name cannot add links to the tooltip', () => {
  const tooltip = statusTooltip({ ...DEFAULT_SETTINGS, model: '[x](command:evil)', ollamaHost: 'http://[x](command:evil)' });
  for (const part of tooltip.parts) {
    if ('markdown' in part) assert.doesNotMatch(part.markdown, /evil/);
  }
});
