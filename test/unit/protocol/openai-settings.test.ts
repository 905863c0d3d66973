// ponder.backend, ponder.openaiBaseUrl (one address or several) and the verifier settings: parsed with
// actionable messages; a base URL with credentials is refused (the key belongs in secret storage), a path
// such as /v1 or a proxy prefix is kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseUrls, parseSettings } from '../../../src/protocol/settings';

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

test('several base URLs, comma-separated as --base-url takes them; none named twice', () => {
  const two = parseSettings({ openaiBaseUrl: ' http://gpu1:8000/v1 ,http://gpu2:8000/v1 ' });
  assert.deepEqual(two.problems, []);
  assert.deepEqual(baseUrls(two.settings.openaiBaseUrl), ['http://gpu1:8000/v1', 'http://gpu2:8000/v1']);
  const twice = parseSettings({ openaiBaseUrl: 'http://gpu1:8000/v1, http://GPU1:8000/v1/' });
  assert.equal(twice.settings.openaiBaseUrl, 'http://127.0.0.1:8000/v1');
  assert.match(twice.problems.join('\n'), /ponder\.openaiBaseUrl must be different addresses \(one is named twice\)/);
  const oneBad = parseSettings({ openaiBaseUrl: 'http://gpu1:8000/v1, https://u:sk-in-list@gpu2/v1' });
  assert.equal(oneBad.settings.openaiBaseUrl, 'http://127.0.0.1:8000/v1');
  assert.match(oneBad.problems.join('\n'), /without credentials .*each address of the comma-separated list/);
  assert.ok(!oneBad.problems.join('\n').includes('sk-in-list'));
});

test('the verifier settings: judge or prm, the PRM address (one, optional) and its style', () => {
  const defaults = parseSettings({}).settings;
  assert.equal(defaults.verifier, 'judge');
  assert.equal(defaults.verifierBaseUrl, '');
  assert.equal(defaults.prmStyle, 'qwen');
  const prm = parseSettings({ verifier: 'prm', verifierBaseUrl: 'http://127.0.0.1:8001/v1', prmStyle: 'math-shepherd', verifierModel: 'peiyi9979/math-shepherd-mistral-7b-prm' });
  assert.deepEqual(prm.problems, []);
  assert.equal(prm.settings.verifier, 'prm');
  assert.equal(prm.settings.verifierBaseUrl, 'http://127.0.0.1:8001/v1');
  assert.equal(prm.settings.prmStyle, 'math-shepherd');
  const bad = parseSettings({ verifier: 'reward', verifierBaseUrl: 'http://a/v1, http://b/v1', prmStyle: 'shepherd' });
  assert.deepEqual(
    [bad.settings.verifier, bad.settings.verifierBaseUrl, bad.settings.prmStyle],
    ['judge', '', 'qwen'],
  );
  assert.equal(bad.problems.length, 3, bad.problems.join('\n'));
  assert.match(bad.problems.join('\n'), /ponder\.verifier must be one of judge, prm/);
  assert.match(bad.problems.join('\n'), /ponder\.prmStyle must be one of qwen, math-shepherd/);
});
