// ponder/solve over LSP: progress, runStarted + batched deltas that rebuild the tree ponder/getRun holds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applyDeltas } from '../../../src/engine/tree/apply';
import { GET_RUN_METHOD, LIST_RUNS_METHOD } from '../../../src/protocol/lsp';
import type { RunSummary, SolveParams } from '../../../src/protocol/lsp';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { ServerHarness } from './harness';

function rebuild(server: ServerHarness, runId: string): TreeSnapshot {
  const started = server.runStarted.find((r) => r.params.runId === runId);
  assert.ok(started, 'ponder/runStarted was sent');
  const deltas = server.deltasOf(runId);
  assert.ok(deltas.every((d) => d.at >= started.at), 'runStarted comes before every delta');
  return applyDeltas(started.params.snapshot, deltas.flatMap((d) => d.params.deltas));
}

describe('ponder/solve against the stand-in', () => {
  let standin: Standin;
  let server: ServerHarness;
  before(async () => {
    standin = await startStandin({ parallel: 4, tokenLatencyMs: 1 });
    server = await ServerHarness.start({ ollamaHost: standin.url, parallelRequests: 4 });
  });
  after(async () => {
    await server.close();
    await standin.close();
  });

  test('reports progress, streams batched deltas and rebuilds the stored tree', async () => {
    const workDoneToken = server.newToken();
    const result = await server.solve({ problem: 'What is 12 * 7 + 5?', mode: 'fixed', strategy: 'weighted', samples: 8, workDoneToken });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.cancelled, false);
    assert.equal(result.answer, '89');
    assert.equal(result.strategy, 'weighted');
    assert.ok(result.usage.calls >= 8);

    const progress = server.progressOf(workDoneToken);
    assert.equal(progress[0]?.value.kind, 'begin');
    assert.equal(progress.at(-1)?.value.kind, 'end');
    const reports = progress.filter((p) => p.value.kind === 'report');
    assert.ok(reports.length > 0);
    const rebuilt = rebuild(server, result.runId);
    const answered = rebuilt.nodes.filter((n) => n.kind === 'answer').length;
    assert.equal(reports.at(-1)?.value.message, `${answered} samples · ${result.usage.generatedTokens} tokens · leading: 89 (${Math.round(result.confidence * 100)}%)`);
    assert.equal(reports.at(-1)?.value.percentage, Math.round((result.usage.generatedTokens / result.usage.tokenCap) * 100));

    const stored = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId: result.runId });
    assert.ok(stored);
    assert.deepEqual(rebuilt, stored);
    assert.equal(stored.finished, true);
    assert.equal(stored.chosenAnswer, '89');

    // Batched: consecutive notifications of the run are sent ≥ 50 ms apart, so their number is bounded by
    // the run's duration (arrival times can bunch up in the pipe, hence the bound on the count).
    const batches = server.deltasOf(result.runId);
    const span = (batches.at(-1)?.at ?? 0) - (batches[0]?.at ?? 0);
    assert.ok(batches.length <= Math.ceil(span / 50) + 2, `${batches.length} notifications in ${span.toFixed(0)} ms`);
    assert.ok(batches.reduce((n, b) => n + b.params.deltas.length, 0) > batches.length, 'several deltas per notification');

    const runs = await server.request<RunSummary[]>(LIST_RUNS_METHOD);
    assert.equal(runs[0]?.runId, result.runId);
    assert.equal(runs[0]?.answer, '89');
    assert.equal(runs[0]?.finished, true);
  });

  test('adaptive mode uses the adaptive strategy', async () => {
    const result = await server.solve({ problem: 'What is 3 + 4 * 2?', mode: 'adaptive' });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.strategy, 'adaptive');
    assert.equal(result.answer, '11');
    assert.deepEqual(rebuild(server, result.runId), await server.request(GET_RUN_METHOD, { runId: result.runId }));
  });

  test('ponder/getRun answers null for an unknown run, and bad params do not break the server', async () => {
    assert.equal(await server.request(GET_RUN_METHOD, { runId: 'nope' }), null);
    assert.equal(await server.request(GET_RUN_METHOD, 42), null);
    const result = await server.solve({ problem: 'What is 2 + 2?', mode: 'fixed', strategy: 'majority', samples: 2 });
    assert.equal(result.answer, '4');
  });

  test('ponder.think reaches the engine: off, on, a boolean of earlier versions, and the picker’s choice per solve', async () => {
    const thought = async (settings: Record<string, unknown>, extra: Partial<SolveParams> = {}): Promise<boolean> => {
      await server.configure({ ollamaHost: standin.url, parallelRequests: 4, model: 'qwen3:1.7b', ...settings });
      const result = await server.solve({ problem: 'What is 6 * 7?', mode: 'fixed', strategy: 'majority', samples: 2, ...extra });
      assert.equal(result.error, undefined, result.error?.message);
      const tree = rebuild(server, result.runId);
      const traces = tree.nodes.some((node) => (node.thinking ?? '') !== '');
      // Unbudgeted, the run says the model thinks; with a budget, it states the budget instead.
      const decided = tree.decisions.some((decision) => /^(the model thinks before it writes|thinking budget: )/.test(decision.message));
      assert.equal(traces, decided, 'a trace is kept exactly when the run says the model thinks');
      return traces;
    };
    try {
      assert.equal(await thought({ think: 'off' }), false);
      assert.equal(await thought({ think: 'on', thinkBudget: 256 }), true);
      assert.equal(await thought({ think: true }), true, 'true from an earlier version means on');
      assert.equal(await thought({ think: false }), false);
      assert.equal(await thought({ think: 'off' }, { think: 'on', thinkBudget: 128 }), true, 'the solve’s own choice wins');
      assert.equal(await thought({ think: 'on' }, { think: 'off' }), false);
      assert.equal(server.warnings.filter((warning) => warning.message.startsWith('ponder.think')).length, 0, 'no warning for any of these');
    } finally {
      await server.configure({ ollamaHost: standin.url, parallelRequests: 4 });
    }
  });
});

describe('ponder/solve with the demo model', () => {
  let server: ServerHarness;
  before(async () => {
    server = await ServerHarness.start({ useSimulatedModel: true });
  });
  after(() => server.close());

  test('solves with the simulated model and labels the progress as the demo model', async () => {
    const workDoneToken = server.newToken();
    const result = await server.solve({ problem: 'What is 15 - 6?', mode: 'fixed', strategy: 'weighted', samples: 4, workDoneToken });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '9');
    assert.match(server.progressOf(workDoneToken)[0]?.value.title ?? '', /demo model/);
    assert.deepEqual(rebuild(server, result.runId), await server.request(GET_RUN_METHOD, { runId: result.runId }));
  });

});

describe('the server over Node IPC (as the VS Code extension starts it)', () => {
  let server: ServerHarness;
  before(async () => {
    server = await ServerHarness.start({ useSimulatedModel: true }, 'ipc');
  });
  after(() => server.close());

  test('initializes and solves', async () => {
    const result = await server.solve({ problem: 'What is 7 * 8?', mode: 'adaptive' });
    assert.equal(result.answer, '56');
    assert.ok(server.runStarted.some((r) => r.params.runId === result.runId));
  });
});
