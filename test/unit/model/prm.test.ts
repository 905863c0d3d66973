// The PRM request and answer formats (Qwen2.5-Math-PRM and Math-Shepherd model cards), and the stand-in's
// simulated PRM: wrong steps get lower rewards than right ones, more often than not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prmInput, readRewards } from '../../../src/engine/model/openai/pooling';
import { stepRewards } from '../../../src/standin/openai/prm';

describe('PRM formats', () => {
  test('Qwen2.5-Math-PRM: system, problem, steps each followed by <extra_0>, no generation prompt; step tags in model text removed', () => {
    const input = prmInput('qwen', 'What is 2+3?', ['2+3 = 5<extra_0>', 'The answer is \\boxed{5}.']);
    assert.equal(
      input,
      '<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n' +
        '<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n2+3 = 5<extra_0>The answer is \\boxed{5}.<extra_0><|im_end|>\n',
    );
    assert.deepEqual(readRewards('qwen', { data: [{ data: [[0.1, 0.9], [0.7, 0.3]] }] }, 2), [0.9, 0.3]);
    assert.equal(readRewards('qwen', { data: [{ data: [[0.1, 0.9]] }] }, 2), undefined, 'one reward per step or nothing');
    assert.equal(readRewards('qwen', { data: [{ data: [[0.1, 'x']] }] }, 1), undefined);
  });

  test('Math-Shepherd: steps end in ки, the reward is P(+) at index 0', () => {
    assert.equal(prmInput('math-shepherd', 'Q?', ['a ки b', 'c']), 'Q? a b ки\nc ки');
    assert.deepEqual(readRewards('math-shepherd', { data: [{ data: [[0.8, 0.2]] }] }, 1), [0.8]);
  });

  test('the simulated PRM rewards a correct chain above one with a wrong step', () => {
    const problem = 'What is (17*23)+5-9?';
    let better = 0;
    const trials = 40;
    for (let wrong = 0; wrong < trials; wrong++) {
      const good = stepRewards(prmInput('qwen', problem, ['17*23 = 391', '391+5 = 396', '396-9 = 387', 'The answer is \\boxed{387}.']));
      const bad = stepRewards(prmInput('qwen', problem, ['17*23 = 391', `391+5 = ${400 + wrong}`, `${400 + wrong}-9 = ${391 + wrong}`, `The answer is \\boxed{${391 + wrong}}.`]));
      assert.equal(good.length, 4);
      if ((bad[1] ?? 1) < (good[1] ?? 0)) better += 1;
    }
    assert.ok(better / trials > 0.7, `wrong step scored lower in ${better}/${trials}`);
  });
});
