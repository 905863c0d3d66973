import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, MAX_CONTEXT_LENGTH, MIN_THINK_BUDGET, parseSettings } from '../../../src/protocol/settings';
import { isWebviewToHost } from '../../../src/protocol/webview';

test('missing or non-object settings take every default, with no problems', () => {
  for (const raw of [undefined, null, 42, 'x', {}]) {
    assert.deepEqual(parseSettings(raw), { settings: DEFAULT_SETTINGS, problems: [] });
  }
});

test('valid values are taken, trimmed where they are text', () => {
  const { settings, problems } = parseSettings({ ollamaHost: ' 127.0.0.1:11500 ', model: 'qwen3:1.7b', mode: 'fixed', temperature: 0 });
  assert.deepEqual(problems, []);
  assert.equal(settings.ollamaHost, '127.0.0.1:11500');
  assert.equal(settings.model, 'qwen3:1.7b');
  assert.equal(settings.mode, 'fixed');
  assert.equal(settings.temperature, 0);
});

test('the confidence target is unset by default (each bin keeps its own threshold) and a number when set', () => {
  assert.equal(parseSettings({}).settings.confidenceTarget, null);
  assert.equal(parseSettings({ confidenceTarget: null }).settings.confidenceTarget, null);
  const { settings, problems } = parseSettings({ confidenceTarget: 0.8 });
  assert.deepEqual(problems, []);
  assert.equal(settings.confidenceTarget, 0.8);
});

test('an Ollama address may carry a path, as behind a reverse proxy that serves Ollama under one', () => {
  for (const host of ['https://proxy.example.com/ollama', 'http://10.0.0.5:8080/ollama/', 'http://[::1]:11434', '127.0.0.1:11434/']) {
    const { settings, problems } = parseSettings({ ollamaHost: host });
    assert.deepEqual(problems, [], host);
    assert.equal(settings.ollamaHost, host);
  }
});

test('every kind of invalid value is reported with the setting, the reason and the value used instead', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ollamaHost: 'ftp://example.com' }, /^ponder\.ollamaHost must be an http:\/\/ or https:\/\/ address; using "http:\/\/127\.0\.0\.1:11434"/],
    [{ ollamaHost: 'not a host' }, /^ponder\.ollamaHost must be an address such as/],
    [{ ollamaHost: 'http://127.0.0.1:99999' }, /^ponder\.ollamaHost must be an address such as/],
    [{ ollamaHost: 'http://user:secret@127.0.0.1:11434' }, /^ponder\.ollamaHost must be an address such as/],
    [{ ollamaHost: 'http://example.com/ollama?x=1' }, /^ponder\.ollamaHost must be an address such as/],
    [{ model: '' }, /^ponder\.model must be a model name/],
    [{ model: 'qwen; rm -rf /' }, /^ponder\.model must be a model name/],
    [{ mode: 'sometimes' }, /^ponder\.mode must be one of adaptive, fixed; using "adaptive" instead of "sometimes"\.$/],
    [{ fixedSamples: 2.5 }, /^ponder\.fixedSamples must be a whole number/],
    [{ fixedSamples: 0 }, /^ponder\.fixedSamples must be between 1 and 256/],
    [{ confidenceTarget: 1.5 }, /^ponder\.confidenceTarget must be between 0\.5 and 0\.999; using each difficulty bin's own threshold from the policy instead of 1\.5\.$/],
    [{ temperature: 'hot' }, /^ponder\.temperature must be a number/],
    [{ contextLength: Number.NaN }, /^ponder\.contextLength must be a number/],
    [{ hoverEnabled: 'yes' }, /^ponder\.hoverEnabled must be true or false/],
  ];
  for (const [raw, message] of cases) {
    const { settings, problems } = parseSettings(raw);
    assert.equal(problems.length, 1, JSON.stringify(raw));
    assert.match(problems[0] ?? '', message);
    const key = Object.keys(raw)[0] as keyof typeof DEFAULT_SETTINGS;
    assert.equal(settings[key], DEFAULT_SETTINGS[key], 'the default is used instead');
  }
});

test('the webview message guard accepts well-formed messages only', () => {
  assert.ok(isWebviewToHost({ type: 'ready' }));
  assert.ok(isWebviewToHost({ type: 'rerun', runId: 'r', budgetFactor: 2 }));
  assert.ok(isWebviewToHost({ type: 'export', runId: 'r', format: 'markdown' }));
  for (const bad of [null, 'ready', { type: 'eval', code: '1' }, { type: 'cancel' }, { type: 'rerun', runId: 'r', budgetFactor: 1e9 }, { type: 'export', runId: 'r', format: 'html' }]) {
    assert.equal(isWebviewToHost(bad), false, JSON.stringify(bad));
  }
});

test('ponder.think takes off, on and the levels; the boolean values of earlier versions are read without a problem', () => {
  assert.equal(DEFAULT_SETTINGS.think, 'off');
  for (const mode of ['off', 'on', 'low', 'medium', 'high'] as const) {
    assert.deepEqual(parseSettings({ think: mode }), { settings: { ...DEFAULT_SETTINGS, think: mode }, problems: [] });
  }
  assert.deepEqual(parseSettings({ think: true }), { settings: { ...DEFAULT_SETTINGS, think: 'on' }, problems: [] });
  assert.deepEqual(parseSettings({ think: false }), { settings: { ...DEFAULT_SETTINGS, think: 'off' }, problems: [] });
  for (const value of ['On', 'max', 'true', '', 1, ['on']]) {
    const { settings, problems } = parseSettings({ think: value });
    assert.equal(settings.think, 'off', JSON.stringify(value));
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^ponder\.think must be one of off, on, low, medium, high; using "off" instead of /);
  }
});

test('ponder.thinkBudget is 0 (no budget) or a whole number of tokens within bounds, and says so when it is not', () => {
  assert.equal(DEFAULT_SETTINGS.thinkBudget, 0);
  for (const value of [0, MIN_THINK_BUDGET, 128, 4096, MAX_CONTEXT_LENGTH]) {
    assert.deepEqual(parseSettings({ thinkBudget: value }), { settings: { ...DEFAULT_SETTINGS, thinkBudget: value }, problems: [] });
  }
  for (const value of [1, MIN_THINK_BUDGET - 1, -128, 256.5, MAX_CONTEXT_LENGTH + 1]) {
    const { settings, problems } = parseSettings({ thinkBudget: value });
    assert.equal(settings.thinkBudget, 0, String(value));
    assert.deepEqual(problems, [`ponder.thinkBudget must be 0 (no budget) or a whole number of thinking tokens from 16 to 1048576; using 0 instead of ${value}.`]);
  }
  for (const value of ['128', true, Number.NaN]) {
    const { problems } = parseSettings({ thinkBudget: value });
    assert.match(problems[0] ?? '', /^ponder\.thinkBudget must be a number: 0 \(no budget\) or a whole number of thinking tokens from 16 to 1048576; using 0 instead of /);
  }
});
