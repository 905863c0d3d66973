// Majority vote and weighted best-of-N under precise control (a scripted model): which answer wins,
// what the tree shows, and what was charged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeDelta, TreeSnapshot } from '../../../src/protocol/tree';
import { askedStepNumber } from '../../../src/engine/prompts/verify';
import { getStrategy, strategyNames } from '../../../src/engine/search/registry';
import { solve } from '../../../src/engine/solve';
import { applyDeltas } from '../../../src/engine/tree/apply';
import type { ReasoningTree } from '../../../src/engine/tree/tree';
import { chain, isVerification, ScriptedModel, yesNoLogprobs } from '../../support/scripted-model';

/** Sample i (seed i) answers answers[i] (undefined: no answer); steps mention "shaky" when its chain is weak. */
function chainsModel(answers: readonly (string | undefined)[], weak: readonly number[] = []) {
  return new ScriptedModel((request) => {
    if (isVerification(request)) {
      // Like a process reward model, the judge sees the chain up to the step it scores.
      const p = (request.messages[1]?.content ?? '').includes('shaky') ? 0.2 : 0.9;
      return { chunks: [p > 0.5 ? 'Yes' : 'No'], logprobs: [yesNoLogprobs(p)] };
    }
    const sample = request.seed ?? 0;
    const tag = weak.includes(sample) ? 'shaky' : 'solid';
    return { chunks: chain([`Sample ${sample} reads the problem (${tag}).`, `Then it computes (${tag}).`], answers[sample]) };
  });
}

function nodesOf(tree: TreeSnapshot, kind: string) {
  return tree.nodes.filter((n) => n.kind === kind);
}

test('the registry knows majority and weighted', () => {
  assert.deepEqual(strategyNames().slice(0, 2), ['majority', 'weighted']);
  assert.equal(getStrategy('weighted')?.needsVerifier, true);
  assert.equal(getStrategy('majority')?.needsVerifier, false);
});

test('majority vote: the plurality wins; a chain without an answer does not vote but is shown', async () => {
  const model = chainsModel(['5', '7', '5.0', undefined, '\\frac{10}{2}']);
  const result = await solve('What is 2+3?', { model, strategy: 'majority', samples: 5, parallelism: 2, seed: 0, runId: 'm' });
  assert.equal(result.answer, '5');
  assert.equal(result.confidence, 3 / 4);
  assert.equal(result.stopReason, 'completed');
  assert.equal(result.cancelled, false);
  assert.deepEqual(result.samples, { requested: 5, answered: 4, unanswered: 1, failed: 0, cancelled: 0, notStarted: 0 });
  assert.deepEqual(result.tree.answers.map((t) => [t.answer, t.votes]), [['5', 3], ['7', 1]]);
  const answers = nodesOf(result.tree, 'answer');
  assert.deepEqual(answers.map((n) => n.status).sort(), ['chosen', 'chosen', 'chosen', 'done', 'failed']);
  assert.match(answers.find((n) => n.status === 'failed')?.reason ?? '', /no final answer found: this chain does not vote/);
  assert.equal(result.tree.chosenAnswer, '5');
  assert.equal(result.tree.finished, true);
  assert.match(nodesOf(result.tree, 'decision')[0]?.text ?? '', /^5: majority vote, 3 of 4 votes, 75% of the vote \(runner-up 7/);
  assert.deepEqual(new Set(model.requests.map((r) => r.seed)), new Set([0, 1, 2, 3, 4]), 'distinct seeds');
  assert.ok(model.maxActive <= 2 && model.maxActive >= 1);
  assert.equal(result.usageByPurpose.verifier.calls, 0);
  // Answered chains: two paragraphs and the answer line; the unanswered one only the two paragraphs.
  const steps = nodesOf(result.tree, 'step');
  assert.equal(steps.length, 4 * 3 + 2);
  assert.ok(steps.every((s) => s.status === 'done'));
});

test('weighted best-of-N: strong chains outweigh a weak plurality; scores go on steps and answers', async () => {
  const model = chainsModel(['7', '7', '7', '5', '5'], [0, 1, 2]);
  const majority = await solve('p', { model, strategy: 'majority', samples: 5 });
  assert.equal(majority.answer, '7');
  const result = await solve('p', { model, strategy: 'weighted', samples: 5, parallelism: 3 });
  assert.equal(result.answer, '5');
  assert.equal(result.verifier?.method, 'logprobs');
  const total = 3 * 0.2 + 2 * 0.9;
  assert.ok(Math.abs(result.confidence - 1.8 / total) < 1e-9);
  const tally = result.tree.answers.find((t) => t.answer === '7');
  assert.ok(tally && Math.abs(tally.weight - 0.6) < 1e-9 && tally.votes === 3);
  for (const step of nodesOf(result.tree, 'step')) {
    assert.ok(step.score !== undefined && /P\(yes\)=0\.\d\d \(log-probabilities\)/.test(step.verdict ?? ''), 'every step is scored');
    assert.equal(step.usage.calls, 1, 'a step carries the cost of judging it');
  }
  for (const answer of nodesOf(result.tree, 'answer')) {
    assert.match(answer.verdict ?? '', /^min of 3 step scores \(logprobs\)/);
  }
  // Each answered chain has 3 steps (two paragraphs and the answer line): 15 one-token judgements.
  assert.equal(result.usageByPurpose.verifier.calls, 15);
  assert.equal(result.usageByPurpose.verifier.generatedTokens, 15);
});

test('aggregation changes what a chain is worth: min sees an early weak step that last does not', async () => {
  // Every chain's first step is weak for sample 0's answer only… scripted by step number.
  const model = new ScriptedModel((request) => {
    if (isVerification(request)) {
      const user = request.messages[1]?.content ?? '';
      const step = askedStepNumber(user) ?? 1;
      const weakFirst = user.includes('early slip') && step === 1;
      const p = weakFirst ? 0.05 : 0.8;
      return { chunks: ['Yes'], logprobs: [yesNoLogprobs(p)] };
    }
    const sample = request.seed ?? 0;
    return sample < 2
      ? { chunks: chain(['An early slip.', 'Recovered.'], '8') }
      : { chunks: chain(['Careful.', 'Still careful.'], sample === 2 ? '9' : '10') };
  });
  const last = await solve('p', { model, strategy: 'weighted', samples: 4, aggregation: 'last' });
  assert.equal(last.answer, '8');
  const min = await solve('p', { model, strategy: 'weighted', samples: 4, aggregation: 'min' });
  assert.equal(min.answer, '9', 'with min, the two slipped chains are worth 0.05 each');
});

test('a verifier that fails leaves its chains voting with neutral weight, and says so', async () => {
  const model = new ScriptedModel((request) => {
    if (isVerification(request)) return { error: new Error('judge model missing') };
    return { chunks: chain(['Work.'], (request.seed ?? 0) === 0 ? '1' : '2') };
  });
  const result = await solve('p', { model, strategy: 'weighted', samples: 3 });
  assert.equal(result.answer, '2');
  assert.ok(Math.abs(result.confidence - 2 / 3) < 1e-9);
  assert.ok(nodesOf(result.tree, 'answer').every((n) => /not scored \(.*judge model missing\); votes with neutral weight 0.5/.test(n.verdict ?? '')));
  assert.ok(result.tree.decisions.some((d) => d.kind === 'warning' && /3 answered chains could not be scored/.test(d.message)));
});

test('the sampled judge takes over when the server has no log-probabilities, and the result says which', async () => {
  const model = new ScriptedModel(
    (request) => (isVerification(request) ? { chunks: ['Yes'] } : { chunks: chain(['Work.'], '4') }),
    { logprobs: false, thinking: false },
  );
  const result = await solve('p', { model, strategy: 'weighted', samples: 2, verifierSamples: 3 });
  assert.equal(result.verifier?.method, 'sampled');
  assert.match(result.tree.decisions.map((d) => d.message).join('\n'), /verifier: sampled judge, 3 votes per step/);
  assert.equal(result.usageByPurpose.verifier.calls, 2 * 2 * 3);
});

test('every delta applied to the first snapshot reproduces the final tree, and node usage adds up to the ledger', async () => {
  const model = chainsModel(['3', '3', '4', undefined], [2]);
  let first: TreeSnapshot | undefined;
  const deltas: TreeDelta[] = [];
  const result = await solve('p', {
    model,
    strategy: 'weighted',
    samples: 4,
    parallelism: 4,
    onTree: (tree: ReasoningTree) => {
      first = tree.snapshot();
    },
    onDelta: (d) => deltas.push(d),
  });
  assert.ok(first);
  assert.deepEqual(applyDeltas(first, deltas), result.tree);
  assert.equal(deltas.at(-1)?.type, 'finished');
  assert.ok(deltas.some((d) => d.type === 'textAppended'), 'text streamed in pieces');
  const sum = (key: 'promptTokens' | 'generatedTokens' | 'calls') => result.tree.nodes.reduce((s, n) => s + n.usage[key], 0);
  assert.deepEqual([sum('promptTokens'), sum('generatedTokens'), sum('calls')], [result.usage.promptTokens, result.usage.generatedTokens, result.usage.calls]);
  assert.deepEqual(result.tree.usage, result.usage);
});

test('a thinking trace is asked for when `think` is on, kept on the first step, and charged', async () => {
  const model = new ScriptedModel(() => ({ thinking: ['Let', ' me', ' see.'], chunks: chain(['Two plus two.'], '4') }), { logprobs: true, thinking: true });
  const result = await solve('p', { model, strategy: 'majority', samples: 1, think: true });
  assert.equal(model.requests[0]?.think, true);
  const [first] = nodesOf(result.tree, 'step');
  assert.equal(first?.thinking, 'Let me see.');
  assert.equal(first?.text, 'Two plus two.');
  assert.equal(result.usage.generatedTokens, 3 + chain(['Two plus two.'], '4').length);
});
