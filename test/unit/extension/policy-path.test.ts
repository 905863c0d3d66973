import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolvePolicyPath } from '../../../src/extension/policy-path';

const bases = { workspaceFolder: join('/', 'work', 'project'), home: join('/', 'home', 'ada') };

test('a relative policy path is read from the workspace folder, as VS Code path settings are', () => {
  assert.equal(resolvePolicyPath('policy.json', bases), join('/', 'work', 'project', 'policy.json'));
  assert.equal(resolvePolicyPath('bench/out/gsm8k-ollama/policy-qwen.json', bases), join('/', 'work', 'project', 'bench', 'out', 'gsm8k-ollama', 'policy-qwen.json'));
  assert.equal(resolvePolicyPath('./p.json', bases), join('/', 'work', 'project', 'p.json'));
});

test('${workspaceFolder}, ${userHome} and ~ are expanded; an absolute path and the empty setting are kept', () => {
  assert.equal(resolvePolicyPath('${workspaceFolder}/policies/p.json', bases), join('/', 'work', 'project', 'policies', 'p.json'));
  assert.equal(resolvePolicyPath('${userHome}/p.json', bases), join('/', 'home', 'ada', 'p.json'));
  assert.equal(resolvePolicyPath('~/policies/p.json', bases), join('/', 'home', 'ada', 'policies', 'p.json'));
  assert.equal(resolvePolicyPath('/etc/ponder/p.json', bases), '/etc/ponder/p.json');
  assert.equal(resolvePolicyPath('  ', bases), '');
});

test('with no folder on this machine a relative path is left as written, for the error to name', () => {
  assert.equal(resolvePolicyPath('policy.json', { workspaceFolder: undefined, home: bases.home }), 'policy.json');
  assert.equal(resolvePolicyPath('${workspaceFolder}/p.json', { workspaceFolder: undefined, home: bases.home }), '${workspaceFolder}/p.json');
});
