// The manifest's trust declarations and the defaults: Ponder never picks a host off this machine by itself,
// the host setting is machine-scoped, and an untrusted workspace can change none of Ponder's settings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeOllamaHost, isLoopbackHost } from '../../../src/extension/loopback';
import { DEFAULT_OLLAMA_HOST, normaliseEndpoint } from '../../../src/engine/model/ollama/endpoint';
import { DEFAULT_SETTINGS, parseSettings } from '../../../src/protocol/settings';

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string }> } };
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

test('every default host is on this machine', () => {
  assert.equal(isLoopbackHost(DEFAULT_SETTINGS.ollamaHost), true);
  assert.equal(isLoopbackHost(DEFAULT_OLLAMA_HOST), true);
  assert.equal(properties['ponder.ollamaHost']?.default, DEFAULT_SETTINGS.ollamaHost);
  assert.equal(describeOllamaHost(DEFAULT_SETTINGS.ollamaHost).remote, false);
});

test('a missing, empty or invalid host falls back to this machine, never elsewhere', () => {
  for (const raw of [{}, { ollamaHost: '' }, { ollamaHost: '   ' }, { ollamaHost: 'ftp://x' }, { ollamaHost: 42 }]) {
    assert.equal(isLoopbackHost(parseSettings(raw).settings.ollamaHost), true, JSON.stringify(raw));
  }
  assert.equal(isLoopbackHost(normaliseEndpoint(undefined)), true);
  assert.equal(isLoopbackHost(normaliseEndpoint('')), true);
  assert.equal(isLoopbackHost(normaliseEndpoint(':11434')), true);
});

test('the host setting is machine-scoped', () => {
  assert.equal(properties['ponder.ollamaHost']?.scope, 'machine');
});

test('an untrusted workspace can change none of Ponder’s settings', () => {
  const { supported, restrictedConfigurations } = manifest.capabilities.untrustedWorkspaces;
  assert.equal(supported, 'limited');
  const contributed = Object.keys(properties).sort();
  assert.deepEqual([...restrictedConfigurations].sort(), contributed);
  for (const key of ['ponder.ollamaHost', 'ponder.model', 'ponder.verifierModel', 'ponder.policyFile']) {
    assert.ok(restrictedConfigurations.includes(key), key);
  }
  // Every setting the extension reads is declared, so none escapes the list.
  assert.deepEqual(Object.keys(DEFAULT_SETTINGS).map((key) => `ponder.${key}`).sort(), contributed);
});
