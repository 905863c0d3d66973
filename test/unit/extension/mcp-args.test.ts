// The `ponder mcp` command line VS Code registers carries the user's thinking settings as `ponder mcp`
// takes them (--think MODE, --think-budget N), and `ponder mcp`'s own parser accepts them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseThinkFlag, thinkOptions } from '../../../src/cli/think-options';
import { mcpServerArgs } from '../../../src/extension/chat/mcp-args';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

test('a thinking level and budget become --think and --think-budget, read back as ponder mcp reads them', () => {
  const args = mcpServerArgs('mcp.js', { ...DEFAULT_SETTINGS, think: 'high', thinkBudget: 256 });
  assert.equal(flag(args, '--think'), 'high');
  assert.equal(flag(args, '--think-budget'), '256');
  const parsed = normaliseThinkFlag(args);
  assert.deepEqual(thinkOptions(flag(parsed, '--think'), flag(parsed, '--think-budget')), { think: 'high', thinkBudget: 256 });
});

test('thinking off is said, not left to the model, and carries no budget', () => {
  const args = mcpServerArgs('mcp.js', { ...DEFAULT_SETTINGS, think: 'off', thinkBudget: 256 });
  assert.equal(flag(args, '--think'), 'off');
  assert.equal(args.includes('--think-budget'), false);
  assert.deepEqual(thinkOptions(flag(args, '--think'), flag(args, '--think-budget')), { think: false });
});

test('no budget (0) sends none', () => {
  const args = mcpServerArgs('mcp.js', { ...DEFAULT_SETTINGS, think: 'on', thinkBudget: 0 });
  assert.equal(flag(args, '--think'), 'on');
  assert.equal(args.includes('--think-budget'), false);
});

test('adaptive stopping as in the editor: the policy file and the confidence target when set, neither by default', () => {
  for (const useSimulatedModel of [false, true]) {
    const plain = mcpServerArgs('mcp.js', { ...DEFAULT_SETTINGS, useSimulatedModel });
    assert.equal(plain.includes('--policy'), false);
    assert.equal(plain.includes('--confidence'), false);
    const set = mcpServerArgs('mcp.js', { ...DEFAULT_SETTINGS, useSimulatedModel, policyFile: '/home/me/policy.json', confidenceTarget: 0.9 });
    assert.equal(flag(set, '--policy'), '/home/me/policy.json');
    assert.equal(flag(set, '--confidence'), '0.9');
  }
});
