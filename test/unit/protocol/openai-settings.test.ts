// ponder.backend and ponder.openaiBaseUrl: parsed with actionable messages; a base URL with credentials is
// refused (the key belongs in secret storage), a path such as /v1 or a proxy prefix is kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSettings } from '../../../src/protocol/settings';

test('backend and base URL parse, with defaults and clear problems', () => {
  const defaults = parseSettings({});
  assert.equal(defaults.settings.backend, 'ollama');
  assert.equal(defaults.settings.openaiBaseUrl, 'http://127.0.0.1:8000/v1');
  const good = parseSettings({ backend: 'openai', openaiBaseUrl: 'https://gpu.example.org:8443/proxy/v1', model: 'Qwen/Qwen2.5-1.5B-Instruct' });
  assert.deepEqual(good.problems, []);
  assert.equal(good.settings.openaiBaseUrl, 'https://gpu.example.org:8443/proxy/v1');
  assert.equal(good.settings.model, 'Qwen/Qwen2.5-1.5B-Instruct');
  const bad = parseSettings({ backend: 'tgi', openaiBaseUrl: 'https://user:sk-secret@gpu.example.org/v1' });
  assert.equal(bad.settings.backend, 'ollama');
  assert.equal(bad.settings.openaiBaseUrl, 'http://127.0.0.1:8000/v1');
  assert.ok(bad.problems.some((p) => p.includes('ponder.backend') && p.includes('ollama, openai')), bad.problems.join('\n'));
  assert.ok(bad.problems.some((p) => p.includes('ponder.openaiBaseUrl') && p.includes('Set API Key')), bad.problems.join('\n'));
  assert.ok(bad.problems.every((p) => !p.includes('sk-secret')), 'the rejected value is not echoed when it holds credentials');
});
