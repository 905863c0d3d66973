// solve(): cancellation returns the partial result, model failures are contained, the budget holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeDelta, TreeSnapshot } from '../../../src/protocol/tree';
import { solve } from '../../../src/engine/solve';
import { applyDeltas } from '../../../src/engine/tree/apply';
import { chain, isVerification, ScriptedModel, tokens, yesNoLogprobs } from '../../support/scripted-model';
import { SimulatedModel } from '../../../src/engine/model/sim/simulated-model';

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(condition(), 'condition never became true');
}

test('cancelling returns what was found so far, with the streaming steps marked cancelled and the tree consistent', async () => {
  // Samples 0 and 1 finish; the others stream part of a step and then wait forever.
  const model = new ScriptedModel((request) => {
    if (isVerification(request)) return { chunks: ['Yes'], logprobs: [yesNoLogprobs(0.9)] };
    const sample = request.seed ?? 0;
    return sample < 2 ? { chunks: chain(['Done.'], '12') } : { chunks: tokens('Half a step'), hang: true };
  });
  const controller = new AbortController();
  let first: TreeSnapshot | undefined;
  const deltas: TreeDelta[] = [];
  const running = solve(
    'p',
    { model, strategy: 'weighted', samples: 8, parallelism: 4, onTree: (t) => (first = t.snapshot()), onDelta: (d) => deltas.push(d) },
    controller.signal,
  );
  // Two chains answered and scored (two steps each), four hanging.
  await until(() => deltas.filter((d) => d.type === 'nodeAdded' && d.node.kind === 'answer').length === 2 && model.active === 4);
  await until(() => deltas.filter((d) => d.type === 'nodeUpdated' && d.patch.verdict?.startsWith('min of') === true).length === 2);
  controller.abort();
  const result = await running;
  assert.equal(result.cancelled, true);
  assert.equal(result.stopReason, 'cancelled');
  assert.equal(result.answer, '12');
  assert.equal(model.active, 0, 'no call keeps running');
  const cancelled = result.tree.nodes.filter((n) => n.status === 'failed' && n.reason === 'cancelled');
  assert.equal(cancelled.length, 4);
  assert.ok(cancelled.every((n) => n.text === 'Half a step' && n.usage.calls === 1));
  assert.ok(!result.tree.nodes.some((n) => n.status === 'streaming'), 'nothing is left streaming');
  assert.equal(result.samples.cancelled, 4);
  assert.equal(result.samples.notStarted, 2);
  assert.equal(result.confidence, 1);
  assert.ok(first);
  assert.deepEqual(applyDeltas(first, deltas), result.tree);
  assert.equal(result.tree.finished, true);
});

test('cancelling before anything ran resolves with no answer', async () => {
  const model = new ScriptedModel(() => ({ chunks: chain(['x'], '1') }));
  const controller = new AbortController();
  controller.abort();
  const result = await solve('p', { model, strategy: 'weighted', samples: 3 }, controller.signal);
  assert.deepEqual([result.cancelled, result.answer, result.usage.calls], [true, undefined, 0]);
  assert.equal(model.requests.length, 0);
});

test('a failed sample is marked failed with the error message and the others still decide', async () => {
  const model = new ScriptedModel((request) => {
    const sample = request.seed ?? 0;
    if (sample === 1) return { chunks: tokens('Starting out'), error: new Error('connection reset by peer') };
    return { chunks: chain(['Fine.'], '6') };
  });
  const result = await solve('p', { model, strategy: 'majority', samples: 4, parallelism: 1 });
  assert.equal(result.answer, '6');
  assert.equal(result.confidence, 1);
  assert.equal(result.samples.failed, 1);
  const failed = result.tree.nodes.find((n) => n.status === 'failed' && n.kind === 'step');
  assert.match(failed?.reason ?? '', /connection reset by peer/);
  assert.equal(failed?.text, 'Starting out');
  assert.ok(result.tree.decisions.some((d) => d.kind === 'warning' && d.message.startsWith('1 of 4 samples failed')));
});

test('when every call fails, solve rejects with the error (and stops launching calls early)', async () => {
  const failure = new Error('model "nope" not found');
  const model = new ScriptedModel(() => ({ error: failure }));
  const deltas: TreeDelta[] = [];
  await assert.rejects(solve('p', { model, strategy: 'majority', samples: 16, parallelism: 2, onDelta: (d) => deltas.push(d) }), (e) => e === failure);
  assert.ok(model.requests.length < 16, `gave up after ${model.requests.length} calls`);
  assert.equal(deltas.at(-1)?.type, 'finished', 'the tree is finished even so');
});

test('the token cap is never exceeded: the last chain gets what remains and later ones do not start', async () => {
  const long = tokens(`${'word '.repeat(60)}\n\nThe answer is \\boxed{3}.`);
  const model = new ScriptedModel(() => ({ chunks: long }));
  const result = await solve('p', { model, strategy: 'majority', samples: 8, tokenCap: 300, maxTokensPerSample: 200, minTokensPerSample: 20, parallelism: 1 });
  const used = long.length;
  assert.deepEqual(model.requests.map((r) => r.maxTokens), [200, 300 - used, 300 - 2 * used]);
  assert.equal(result.usage.generatedTokens, 300);
  assert.equal(result.stopReason, 'budget');
  assert.equal(result.answer, '3');
  const cut = result.tree.nodes.filter((n) => n.kind === 'answer' && n.status === 'failed');
  assert.match(cut[0]?.reason ?? '', new RegExp(`no final answer found \\(stopped at the limit of ${300 - 2 * used} tokens\\)`));
  assert.ok(result.tree.decisions.some((d) => d.kind === 'stop' && /budget ran out after 3 of 8 samples/.test(d.message)));
});

test('bad options are refused before anything runs', async () => {
  const model = new ScriptedModel(() => ({}));
  await assert.rejects(solve('p', { model, strategy: 'nonesuch' }), /unknown strategy "nonesuch"; known: majority, weighted/);
  await assert.rejects(solve('p', { model, samples: 0 }), RangeError);
  await assert.rejects(solve('p', { model, parallelism: 1.5 }), RangeError);
  assert.equal(model.requests.length, 0);
});

test('a model that says it cannot attempt the problem writes one chain, whatever strategy was asked', async () => {
  const demo = new SimulatedModel({ tokenLatencyMs: 0, promptTokenLatencyMs: 0 });
  for (const strategy of ['adaptive', 'weighted', 'beam']) {
    const result = await solve('Who wrote the Iliad, and in which century?', { model: demo, strategy, samples: 16 });
    assert.equal(result.answer, undefined);
    assert.equal(result.strategy, 'majority', strategy);
    assert.equal(result.tree.nodes.filter((n) => n.kind === 'answer').length, 1, strategy);
    assert.equal(result.usage.calls, 1, `${strategy}: one generation, no verifier, no probe`);
    const warning = result.tree.decisions.find((d) => d.kind === 'warning');
    assert.match(warning?.message ?? '', /demo model solves arithmetic only and cannot read this problem/);
    assert.equal(warning?.data?.askedStrategy, strategy);
    assert.ok(result.tree.nodes.some((n) => n.kind === 'decision' && /cannot read this problem/.test(n.text)), 'the tree says why it has one chain');
  }
  // A problem it can read is searched as asked.
  const arithmetic = await solve('What is 12 * (7 + 5)?', { model: demo, strategy: 'weighted', samples: 4 });
  assert.equal(arithmetic.strategy, 'weighted');
  assert.equal(arithmetic.tree.nodes.filter((n) => n.kind === 'answer').length, 4);
  assert.ok(!arithmetic.tree.decisions.some((d) => d.kind === 'warning'));
});
