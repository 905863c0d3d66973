import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusAccessibleLabel, statusText, statusTooltip, tooltipPlainText } from '../../../src/extension/status-tooltip';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';

const here = { place: { runsOnUiSide: true }, demoStandingIn: false };
const onWsl = { place: { remoteName: 'wsl', runsOnUiSide: false }, demoStandingIn: false };

test('a host on another machine is named in the tooltip and marked as remote', () => {
  const tooltip = statusTooltip({ ...DEFAULT_SETTINGS, ollamaHost: 'http://gpu-box.lan:11434' });
  const text = tooltipPlainText(tooltip);
  assert.equal(tooltip.remoteHost, true);
  assert.match(text, /Ollama: http:\/\/gpu-box\.lan:11434 on another machine \(gpu-box\.lan\)/);
  assert.match(text, /\$\(warning\) http:\/\/gpu-box\.lan:11434 is not on this machine: problems you solve are sent to it/);
  assert.match(text, /your user settings \(ponder\.ollamaHost\)/);
  assert.equal(statusText({ ...DEFAULT_SETTINGS, ollamaHost: 'http://gpu-box.lan:11434' }), '$(lightbulb-sparkle) qwen2.5:1.5b on gpu-box.lan · adaptive');
});

test('a loopback host is named as this computer, without a warning, and the status bar names no machine', () => {
  for (const ollamaHost of ['http://127.0.0.1:11434', 'http://localhost:11434', 'http://[::1]:11434']) {
    const tooltip = statusTooltip({ ...DEFAULT_SETTINGS, ollamaHost }, here);
    const text = tooltipPlainText(tooltip);
    assert.equal(tooltip.remoteHost, false, ollamaHost);
    assert.ok(text.includes(`Ollama: ${ollamaHost} on this computer`), text);
    assert.doesNotMatch(text, /warning|remote|not on this machine/);
    assert.equal(statusText({ ...DEFAULT_SETTINGS, ollamaHost }, here), '$(lightbulb-sparkle) qwen2.5:1.5b · adaptive');
  }
});

test('in a remote window where Ponder runs on the remote side, a loopback host is that machine, and both say so', () => {
  const settings = { ...DEFAULT_SETTINGS, model: 'qwen3:1.7b' };
  assert.equal(statusText(settings, onWsl), '$(lightbulb-sparkle) qwen3:1.7b on WSL · adaptive');
  assert.match(tooltipPlainText(statusTooltip(settings, onWsl)), /Ollama: http:\/\/127\.0\.0\.1:11434 on WSL/);
  for (const [remoteName, words] of [['ssh-remote', 'SSH host'], ['dev-container', 'dev container'], ['codespaces', 'codespace'], ['some-new-kind', 'remote']] as const) {
    assert.match(statusText(settings, { place: { remoteName, runsOnUiSide: false }, demoStandingIn: false }), new RegExp(` on ${words} · `));
  }
  // The same remote window with Ponder on the user's computer (its preferred side): this computer answers.
  assert.equal(statusText(settings, { place: { remoteName: 'ssh-remote', runsOnUiSide: true }, demoStandingIn: false }), '$(lightbulb-sparkle) qwen3:1.7b · adaptive');
});

test('the default settings use this machine', () => {
  assert.equal(statusTooltip(DEFAULT_SETTINGS).remoteHost, false);
});

test('with the demo model no host is used, so none is warned about, and its limit is stated', () => {
  const tooltip = statusTooltip({ ...DEFAULT_SETTINGS, useSimulatedModel: true, ollamaHost: 'http://gpu-box.lan:11434' });
  assert.equal(tooltip.remoteHost, false);
  assert.match(tooltipPlainText(tooltip), /Ollama: not used/);
  assert.match(tooltipPlainText(tooltip), /arithmetic only/);
  assert.doesNotMatch(tooltipPlainText(tooltip), /gpu-box/);
  assert.equal(statusText({ ...DEFAULT_SETTINGS, useSimulatedModel: true }), '$(beaker) demo model · adaptive');
});

test('a demo model standing in for Ollama says which model takes over, and when', () => {
  const text = tooltipPlainText(statusTooltip({ ...DEFAULT_SETTINGS, useSimulatedModel: true }, { ...here, demoStandingIn: true }));
  assert.match(text, /not answering at http:\/\/127\.0\.0\.1:11434; Ponder looks for it again before each solve and then uses qwen2\.5:1\.5b/);
});

test('the accessible label is plain sentences: no Markdown, escapes, entities or codicons', () => {
  for (const settings of [DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, ollamaHost: 'http://gpu-box.lan:11434' }, { ...DEFAULT_SETTINGS, useSimulatedModel: true }]) {
    const label = statusAccessibleLabel(settings, onWsl);
    assert.doesNotMatch(label, /\*\*|&nbsp;|\\[()[\]]|\$\(|\n/, label);
    assert.match(label, /^Ponder\. Model: /);
  }
  assert.match(statusAccessibleLabel(DEFAULT_SETTINGS, onWsl), /Ollama: http:\/\/127\.0\.0\.1:11434 on WSL \(the Linux side of this window\)\./);
});

test('setting values are text parts, never Markdown: a model name cannot add links to the tooltip', () => {
  const tooltip = statusTooltip({ ...DEFAULT_SETTINGS, model: '[x](command:evil)', ollamaHost: 'http://[x](command:evil)' });
  for (const part of tooltip.parts) {
    if ('markdown' in part) assert.doesNotMatch(part.markdown, /evil/);
  }
});

test('an OpenAI-compatible backend: its addresses are named, and each one off this machine is warned about', () => {
  const local = { ...DEFAULT_SETTINGS, backend: 'openai' as const, openaiBaseUrl: 'http://127.0.0.1:8000/v1' };
  const localText = tooltipPlainText(statusTooltip(local, here));
  assert.match(localText, /OpenAI-compatible server: http:\/\/127\.0\.0\.1:8000\/v1 on this computer/);
  assert.doesNotMatch(localText, /Ollama|not on this machine/);
  assert.equal(statusTooltip(local, here).remoteHost, false);

  const pool = { ...local, openaiBaseUrl: 'http://127.0.0.1:8000/v1, http://gpu2.lan:8000/v1' };
  const tooltip = statusTooltip(pool, here);
  const text = tooltipPlainText(tooltip);
  assert.equal(tooltip.remoteHost, true);
  assert.match(text, /OpenAI-compatible server: http:\/\/127\.0\.0\.1:8000\/v1, http:\/\/gpu2\.lan:8000\/v1 \(gpu2\.lan on another machine\)/);
  assert.match(text, /\$\(warning\) http:\/\/gpu2\.lan:8000\/v1 is not on this machine: problems you solve are sent to it\. It comes from your user settings \(ponder\.openaiBaseUrl\)\./);
  assert.match(statusAccessibleLabel(pool, here), /Warning: http:\/\/gpu2\.lan:8000\/v1 is not on this machine/);
});

test('a PRM on another machine is warned about too, naming the setting it comes from', () => {
  const settings = { ...DEFAULT_SETTINGS, verifier: 'prm' as const, verifierBaseUrl: 'http://prm.lan:8001/v1' };
  const tooltip = statusTooltip(settings, here);
  const text = tooltipPlainText(tooltip);
  assert.match(text, /Verifier: process reward model Qwen\/Qwen2\.5-Math-PRM-7B at http:\/\/prm\.lan:8001\/v1/);
  assert.match(text, /http:\/\/prm\.lan:8001\/v1 is not on this machine: the reasoning chains are sent to it to be scored by the process reward model\. It comes from your user settings \(ponder\.verifierBaseUrl\)\./);
  assert.equal(tooltip.remoteHost, true);
  // With Ollama here and the PRM here, nothing to warn about.
  assert.equal(statusTooltip({ ...settings, verifierBaseUrl: 'http://localhost:8001/v1' }, here).remoteHost, false);
});

test('the tooltip and the accessible label name the thinking when it is asked for, and say nothing when it is off', () => {
  const thinking = { ...DEFAULT_SETTINGS, model: 'qwen3:1.7b', think: 'high' as const, thinkBudget: 256 };
  assert.match(tooltipPlainText(statusTooltip(thinking)), /Mode: adaptive \(stops at the built-in policy's threshold for the problem's difficulty\)\nThinking: high, budget 256 tokens per sample\n/);
  assert.match(statusAccessibleLabel(thinking), /Thinking: high, budget 256 tokens per sample\./);
  assert.match(tooltipPlainText(statusTooltip({ ...thinking, think: 'on', thinkBudget: 0 })), /Thinking: on, no budget\n/);
  assert.doesNotMatch(tooltipPlainText(statusTooltip(DEFAULT_SETTINGS)), /Thinking/);
});

test('adaptive mode names where it stops: each bin\'s threshold of the built-in policy or the policy file, or the confidence target set', () => {
  const mode = (settings: typeof DEFAULT_SETTINGS): string => /Mode: (.*)\n/.exec(tooltipPlainText(statusTooltip(settings)))?.[1] ?? '';
  assert.equal(mode(DEFAULT_SETTINGS), "adaptive (stops at the built-in policy's threshold for the problem's difficulty)");
  assert.equal(mode({ ...DEFAULT_SETTINGS, policyFile: '/home/me/policy.json' }), "adaptive (stops at the policy file's threshold for the problem's difficulty)");
  assert.equal(mode({ ...DEFAULT_SETTINGS, confidenceTarget: 0.9 }), 'adaptive (stops at 90% confidence)');
  assert.equal(mode({ ...DEFAULT_SETTINGS, confidenceTarget: 0.995 }), 'adaptive (stops at 99.5% confidence)');
  assert.match(statusAccessibleLabel({ ...DEFAULT_SETTINGS, confidenceTarget: 0.8 }), /Mode: adaptive \(stops at 80% confidence\)\./);
});
