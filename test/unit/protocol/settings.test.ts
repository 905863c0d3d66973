import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, parseSettings } from '../../../src/protocol/settings';
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

test('every kind of invalid value is reported with the setting, the reason and the value used instead', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ollamaHost: 'ftp://example.com' }, /^ponder\.ollamaHost must be an http:\/\/ or https:\/\/ address; using "http:\/\/127\.0\.0\.1:11434"/],
    [{ ollamaHost: 'not a host' }, /^ponder\.ollamaHost must be an address such as/],
    [{ model: '' }, /^ponder\.model must be a model name/],
    [{ model: 'qwen; rm -rf /' }, /^ponder\.model must be a model name/],
    [{ mode: 'sometimes' }, /^ponder\.mode must be one of adaptive, fixed; using "adaptive" instead of "sometimes"\.$/],
    [{ fixedSamples: 2.5 }, /^ponder\.fixedSamples must be a whole number/],
    [{ fixedSamples: 0 }, /^ponder\.fixedSamples must be between 1 and 256/],
    [{ confidenceTarget: 1.5 }, /^ponder\.confidenceTarget must be between 0\.5 and 0\.999/],
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
