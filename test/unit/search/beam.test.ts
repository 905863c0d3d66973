// Step-level beam search on the simulated reasoner, and under a scripted model where every score is known:
// the shape of the tree (N candidates per round, N/M kept, pruned branches kept and marked, the depth
// limit), byte-identical prefixes for the expansions of one beam, and the weighted vote at the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';
import { STEP_DELIMITER } from '../../../src/engine/prompts/solve';
import { solve } from '../../../src/engine/solve';
import { isVerification, ScriptedModel, tokens, yesNoLogprobs } from '../../support/scripted-model';
import { assertConsistent, childrenOf, deltaRecorder, nodesOf, RecordingModel, rootOf, simProblem } from './helpers';

test('beam search: N candidates from the root, then N/M beams kept and expanded M ways, pruned branches marked', async () => {
  const problem = simProblem(3, 4);
  const model = new RecordingModel(new SimulatedModel());
  const recorder = deltaRecorder();
  const result = await solve(problem.problem, { model, strategy: 'beam', beamWidth: 6, expansions: 3, temperature: 0.9, seed: 5, ...recorder });
  const tree = result.tree;
  assertConsistent(tree, recorder.rebuilt());
  assert.equal(result.strategy, 'beam');
  assert.equal(childrenOf(tree, rootOf(tree).id, 'step').length, 6, 'round 0: N first steps');
  const steps = nodesOf(tree, 'step');
  for (const step of steps) {
    assert.equal(typeof step.score, 'number', `step ${step.id} is scored`);
    assert.match(step.verdict ?? '', /P\(yes\)/);
    const children = childrenOf(tree, step.id);
    if (step.status === 'pruned') {
      assert.equal(children.length, 0, 'a pruned branch is not expanded');
      assert.match(step.reason ?? '', /ranked|kept/);
    }
  }
  // Every depth has at most N/M = 2 expanded chains, each expanded 3 ways (or more, when others finished).
  const byDepth = new Map<number, number>();
  for (const step of steps) if (childrenOf(tree, step.id, 'step').length > 0) byDepth.set(step.depth, (byDepth.get(step.depth) ?? 0) + 1);
  assert.ok(byDepth.size >= 3, 'the search went several rounds deep');
  for (const [depth, expanded] of byDepth) assert.ok(expanded <= 2, `depth ${depth}: ${expanded} chains expanded`);
  assert.ok(steps.some((s) => s.status === 'pruned'), 'some branches were pruned');
  // Candidates per round stay at N.
  for (const depth of byDepth.keys()) assert.equal(steps.filter((s) => s.depth === depth + 1).length, 6);
  // Finished chains end in answer nodes; the chosen ones carry the chosen answer.
  const answers = nodesOf(tree, 'answer');
  assert.ok(answers.length > 0);
  assert.ok(answers.filter((a) => a.status === 'chosen').every((a) => a.answer === result.answer));
  assert.equal(result.answer, tree.chosenAnswer);
  assert.ok(tree.decisions.some((d) => d.kind === 'strategy' && /beam search: 6 candidate steps per round, 2 beams kept, 3 expansions/.test(d.message)));
});

test('the expansions of one beam send byte-identical prompts, stopped at the step delimiter', async () => {
  const problem = simProblem(2, 3);
  const model = new RecordingModel(new SimulatedModel());
  await solve(problem.problem, { model, strategy: 'beam', beamWidth: 4, expansions: 2, seed: 1 });
  const groups = new Map<string, number>();
  for (const request of model.solving()) {
    assert.deepEqual(request.stop, [STEP_DELIMITER]);
    const key = JSON.stringify(request.messages);
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const sizes = [...groups.values()];
  assert.equal(groups.get(JSON.stringify(model.solving()[0]?.messages)), 4, 'the root prefix is sent N times');
  assert.ok(sizes.slice(1).every((n) => n >= 2), `every kept beam is expanded at least M ways from one prefix: ${sizes.join(',')}`);
  // A continuation's assistant prefix is the chain so far, each step followed by the delimiter.
  const continued = model.solving().find((r) => r.messages.at(-1)?.role === 'assistant');
  assert.ok(continued?.messages.at(-1)?.content.endsWith(STEP_DELIMITER));
});

test('the depth limit ends chains without an answer, and they do not vote', async () => {
  const problem = simProblem(3, 5);
  const result = await solve(problem.problem, { model: new SimulatedModel(), strategy: 'beam', beamWidth: 4, expansions: 2, maxDepth: 2, seed: 2 });
  const tree = result.tree;
  assertConsistent(tree);
  assert.ok(nodesOf(tree, 'step').every((s) => s.depth <= 2));
  const answers = nodesOf(tree, 'answer');
  assert.ok(answers.length > 0);
  for (const answer of answers) {
    assert.equal(answer.status, 'failed');
    assert.match(answer.reason ?? '', /depth limit of 2 steps/);
  }
  assert.equal(result.answer, undefined);
  assert.equal(result.samples.answered, 0);
});

/**
 * Steps are "<seed>-<depth>": the verifier likes a step whose seed is even. The third step states an answer:
 * the seed's parity decides which.
 */
function parityModel(): ScriptedModel {
  return new ScriptedModel((request) => {
    if (isVerification(request)) {
      const user = request.messages[1]?.content ?? '';
      const asked = /Is step (\d+) correct/.exec(user)?.[1];
      const step = new RegExp(`<step ${asked}>\\n([^<]*)\\n</step ${asked}>`).exec(user)?.[1] ?? '';
      const even = Number(step.split('-')[0]) % 2 === 0;
      return { chunks: [even ? 'Yes' : 'No'], logprobs: [yesNoLogprobs(even ? 0.9 : 0.2)] };
    }
    const depth = (request.messages.at(-1)?.role === 'assistant' ? request.messages.at(-1)?.content.split(STEP_DELIMITER).length ?? 1 : 1) - 1;
    const seed = request.seed ?? 0;
    const text = depth === 2 ? `${seed}-${depth} so the answer is \\boxed{${seed % 2 === 0 ? 'even' : 'odd'}}` : `${seed}-${depth}`;
    return { chunks: tokens(text) };
  });
}

test('the best-scored candidates are kept; the finished chains are chosen among by weighted vote', async () => {
  const model = parityModel();
  const result = await solve('p', { model, strategy: 'beam', beamWidth: 4, expansions: 2, seed: 0, parallelism: 2 });
  const tree = result.tree;
  assertConsistent(tree);
  for (const depth of [1, 2]) {
    const round = nodesOf(tree, 'step').filter((s) => s.depth === depth);
    const kept = round.filter((s) => s.status !== 'pruned');
    assert.equal(kept.length, 2, `depth ${depth}: N/M = 2 kept`);
    for (const k of kept) for (const p of round.filter((s) => s.status === 'pruned')) assert.ok((k.score ?? 0) >= (p.score ?? 0), 'kept outrank pruned');
  }
  assert.equal(result.answer, 'even');
  assert.equal(nodesOf(tree, 'answer').length, 4, 'the last round finished four chains');
  assert.ok(result.confidence > 0.5);
});
