// Adaptive mode: the probe, the difficulty bin, the policy's choice (loaded from JSON too), stopping early
// when the answer is safe or further samples are unlikely to help, the user's maximum, and every decision
// recorded in the tree.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import { solve } from '../../../src/engine/solve';
import { DEFAULT_POLICY, serializePolicy } from '../../../src/engine/stopping/policy';
import type { Policy } from '../../../src/engine/stopping/policy';
import { chain, isVerification, ScriptedModel, yesNoLogprobs } from '../../support/scripted-model';
import { assertConsistent, deltaRecorder, nodesOf, simProblem } from './helpers';

/** Sample with seed s answers answerOf(s); the judge gives every step P(yes) = `judge`. */
function answering(answerOf: (seed: number) => string, judge = 0.8): ScriptedModel {
  return new ScriptedModel((request) => {
    if (isVerification(request)) return { chunks: [judge > 0.5 ? 'Yes' : 'No'], logprobs: [yesNoLogprobs(judge)] };
    return { chunks: chain(['Work it out.'], answerOf(request.seed ?? 0)) };
  });
}

test('adaptive is the default: probe, difficulty bin, policy choice and stop are all recorded', async () => {
  const problem = simProblem(1, 2);
  const recorder = deltaRecorder();
  const result = await solve(problem.problem, { model: new SimulatedModel(), samples: 16, seed: 3, ...recorder });
  assertConsistent(result.tree, recorder.rebuilt());
  assert.equal(result.strategy, 'adaptive');
  const kinds = result.tree.decisions.map((d) => d.kind);
  for (const kind of ['difficulty', 'strategy', 'stop'] as const) assert.ok(kinds.includes(kind), `a ${kind} decision`);
  const difficulty = result.tree.decisions.find((d) => d.kind === 'difficulty');
  assert.ok(typeof difficulty?.data?.bin === 'number' && difficulty.data.bin >= 1 && difficulty.data.bin <= 5);
  assert.match(difficulty?.message ?? '', /from 4 probe samples/);
  assert.ok(nodesOf(result.tree, 'decision').some((n) => /^estimated difficulty/.test(n.text)), 'shown as a node too');
  assert.ok(nodesOf(result.tree, 'decision').some((n) => /^bin \d: posterior/.test(n.text)));
  assert.equal(result.answer, problem.gold);
  assert.ok(nodesOf(result.tree, 'answer').length < 16, 'an easy problem stops well before the maximum');
  assert.ok(result.tree.decisions.some((d) => d.kind === 'stop' && ['confident', 'decided'].includes(String(d.data?.reason))));
});

test('unanimous samples stop right after the probe; disagreement draws more, never past the maximum', async () => {
  const unanimous = await solve('p', { model: answering(() => '12'), samples: 20, strategy: 'adaptive' });
  assert.equal(unanimous.answer, '12');
  assert.ok(nodesOf(unanimous.tree, 'answer').length <= 5, `${nodesOf(unanimous.tree, 'answer').length} samples`);
  const split = await solve('p', { model: answering((s) => (s % 3 === 0 ? '1' : s % 3 === 1 ? '2' : '3')), samples: 12, strategy: 'adaptive' });
  assert.ok(nodesOf(split.tree, 'answer').length <= 12);
  assert.ok(nodesOf(split.tree, 'answer').length > 4, 'a split vote needs more than the probe');
});

test('a hopeless problem (no agreement in the probe, low scores) gets only its bin’s share of what the probe left', async () => {
  const post = (share: number) => ({ strategy: 'posterior', params: { vote: 'majority' }, budgetShare: share, stopThreshold: 0.95 });
  const policy: Policy = { ...DEFAULT_POLICY, bins: [post(1), post(1), post(1), post(0.5), post(0.5)] };
  const result = await solve('p', { model: answering((s) => String(100 + s), 0.2), samples: 16, strategy: 'adaptive', policy });
  const difficulty = result.tree.decisions.find((d) => d.kind === 'difficulty');
  assert.ok(Number(difficulty?.data?.bin) >= 4);
  assert.equal(nodesOf(result.tree, 'answer').length, 10, 'the 4 of the probe and half of the 12 it left');
  assert.ok(result.tree.decisions.some((d) => d.kind === 'stop' && d.data?.reason === 'hopeless'));
});

test('the confidence target is an option: a lower target stops sooner', async () => {
  const model = () => answering((s) => (s % 4 === 3 ? '2' : '1'));
  const low = await solve('p', { model: model(), samples: 32, strategy: 'adaptive', confidence: 0.6 });
  const high = await solve('p', { model: model(), samples: 32, strategy: 'adaptive', confidence: 0.999 });
  assert.equal(low.answer, '1');
  assert.equal(high.answer, '1');
  assert.ok(nodesOf(low.tree, 'answer').length < nodesOf(high.tree, 'answer').length);
  assert.ok(high.tree.decisions.some((d) => d.kind === 'strategy' && /stop at confidence 0\.999/.test(d.message)));
});

test('a policy loaded from a JSON file can put beam search in every bin; the probe samples join its vote', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ponder-policy-'));
  try {
    const beamEverywhere: Policy = {
      ...DEFAULT_POLICY,
      bins: [0, 1, 2, 3, 4].map(() => ({ strategy: 'beam', params: { beamWidth: 4, expansions: 2 }, budgetShare: 1, stopThreshold: 0.95 })) as unknown as Policy['bins'],
    };
    const file = join(dir, 'policy.json');
    await writeFile(file, serializePolicy(beamEverywhere));
    const problem = simProblem(2, 3);
    const result = await solve(problem.problem, { model: new SimulatedModel(), samples: 8, policy: file, seed: 2 });
    assertConsistent(result.tree);
    const strategy = result.tree.decisions.find((d) => d.kind === 'strategy' && d.data?.strategy === 'beam');
    assert.ok(strategy, 'the bin chose beam search');
    assert.equal(strategy.data?.policy, file);
    assert.ok(nodesOf(result.tree, 'step').some((s) => s.status === 'pruned'), 'beam search pruned');
    assert.match(strategy.message, /the probe samples join the final vote/);
    // Every answered chain votes once: the probe's whole samples and the chains beam search finished.
    const answers = nodesOf(result.tree, 'answer').filter((a) => a.answer !== undefined);
    const votes = result.tree.answers.reduce((sum, tally) => sum + tally.votes, 0);
    assert.equal(votes, answers.length);
    const probe = Number(result.tree.decisions.find((d) => d.kind === 'difficulty')?.data?.probeSamples);
    assert.ok(probe > 0 && votes > probe, `the probe's ${probe} samples and the beams' chains vote (${votes} votes)`);
    assert.ok(result.tree.decisions.some((d) => d.kind === 'stop' && / and \d probe samples/.test(d.message)), 'the choice says the probe voted');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a policy naming an unknown strategy or setting is refused before any model call', async () => {
  const model = answering(() => '1');
  const bad = (bin: object): Policy => ({ ...DEFAULT_POLICY, bins: [bin, ...DEFAULT_POLICY.bins.slice(1)] as unknown as Policy['bins'] });
  await assert.rejects(solve('p', { model, policy: bad({ strategy: 'mcts', params: {}, budgetShare: 1, stopThreshold: 0.9 }) }), /"mcts" is not a strategy live solving can run/);
  await assert.rejects(solve('p', { model, policy: bad({ strategy: 'beam', params: { beemWidth: 4 }, budgetShare: 1, stopThreshold: 0.9 }) }), /beemWidth is not a strategy setting/);
  await assert.rejects(solve('p', { model, policy: '/nonexistent/policy.json' }), /cannot read the policy file/);
  assert.equal(model.requests.filter((r) => !isVerification(r)).length, 0);
});
