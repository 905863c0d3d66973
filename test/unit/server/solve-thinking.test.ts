// The think mode and thinking budget, from the settings or a solve's own choice, as the engine takes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSolveParams } from '../../../src/server/params';
import { engineThinking } from '../../../src/server/solve-handler';

test('off and on are the booleans Ollama takes, a level goes as it is, and 0 means no budget', () => {
  assert.deepEqual(engineThinking('off', 0), { think: false });
  assert.deepEqual(engineThinking('on', 0), { think: true });
  assert.deepEqual(engineThinking('on', 128), { think: true, thinkBudget: 128 });
  for (const level of ['low', 'medium', 'high'] as const) assert.deepEqual(engineThinking(level, 4096), { think: level, thinkBudget: 4096 });
  // A budget with thinking off still goes to the engine: a model that cannot stop thinking (gpt-oss) thinks anyway.
  assert.deepEqual(engineThinking('off', 256), { think: false, thinkBudget: 256 });
});

test('a solve may carry its own think mode and budget, within the setting’s bounds', () => {
  const base = { problem: 'What is 2 + 2?', mode: 'fixed' };
  for (const extra of [{}, { think: 'off' }, { think: 'high', thinkBudget: 0 }, { thinkBudget: 16 }, { thinkBudget: 1_048_576 }]) {
    assert.equal(isSolveParams({ ...base, ...extra }), true, JSON.stringify(extra));
  }
  for (const extra of [{ think: true }, { think: 'max' }, { thinkBudget: 8 }, { thinkBudget: 128.5 }, { thinkBudget: -1 }, { thinkBudget: '128' }, { thinkBudget: 1_048_577 }]) {
    assert.equal(isSolveParams({ ...base, ...extra }), false, JSON.stringify(extra));
  }
});
