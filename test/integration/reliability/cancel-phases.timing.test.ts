// Cancellation in every phase of a search, through the language server over LSP against the stand-in: the
// adaptive probe, sampling (majority and weighted), verification, beam expansion, and a model pull. For
// each, the time from sending $/cancelRequest to the stand-in having no request open is measured and held
// to 200 ms, the result is flagged cancelled, the run's tree is whole (see checkCancelledTree), and the same
// server then solves the next problem. With PONDER_WRITE_DOCS=1 the figures go into docs/reliability.md.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PULL_METHOD } from '../../../src/protocol/lsp';
import type { PullResult, SolveParams, SolveResultParams } from '../../../src/protocol/lsp';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { cell, writeDocSection, writeDocsEnabled } from '../../support/doc-section';
import { CancellationTokenSource, ServerHarness } from '../server/harness';
import type { Closure } from './cancel-support';
import {
  cancelAndMeasure,
  cancelledNodes,
  checkCancelledTree,
  clientTree,
  CLOSURE_LIMIT_MS,
  isVerification,
  latestRunId,
  pollUntil,
  streamingSolvers,
} from './cancel-support';

/**
 * The server sends more requests at once than the stand-in has slots, as when Ollama's OLLAMA_NUM_PARALLEL
 * is below Ponder's setting: at the cancellation some requests stream and others wait for a slot without
 * headers, and both kinds must close.
 */
const SLOTS = 2;
const PARALLEL_REQUESTS = 4;
const PROBLEM = 'What is 123 * 45 - 67?';

interface Row {
  phase: string;
  setup: string;
  inFlight: string;
  closure: Closure;
  outcome: string;
}
const rows: Row[] = [];

describe('cancellation in every phase, through the language server', () => {
  let standin: Standin;
  let server: ServerHarness;
  before(async () => {
    // Paced tokens keep every phase in flight long enough to cancel inside it; the pull is slow (about
    // 45 s for the model) so it is cancelled midway.
    standin = await startStandin({ parallel: SLOTS, tokenLatencyMs: 25, pullTickMs: 20, pullBytesPerSecond: 20e6 });
    server = await ServerHarness.start({ ollamaHost: standin.url, parallelRequests: PARALLEL_REQUESTS });
  });
  after(async () => {
    await server.close();
    await standin.close();
    if (writeDocsEnabled()) writeDocSection('docs/reliability.md', 'cancel-phases', renderTable(), '# Reliability');
  });

  /** What the stand-in is serving right now, e.g. "solving: 2 streaming, 1 queued; verifying: 1 queued". */
  function inFlight(): string {
    const open = standin.openGenerations();
    const summarise = (label: string, list: typeof open): string => {
      const streaming = list.filter((g) => g.streaming).length;
      const queued = list.length - streaming;
      const parts = [streaming > 0 ? `${streaming} streaming` : '', queued > 0 ? `${queued} queued` : ''].filter((p) => p !== '');
      return parts.length > 0 ? `${label}: ${parts.join(', ')}` : '';
    };
    const parts = [summarise('solving', open.filter((g) => !isVerification(g))), summarise('verifying', open.filter(isVerification))].filter((p) => p !== '');
    return parts.length > 0 ? parts.join('; ') : 'no generation';
  }

  /**
   * Starts `params`, waits until `inPhase` holds for its run (polled every millisecond), cancels, and checks
   * the closure time, the cancelled result and the tree. Returns what the phase's own checks need.
   */
  async function cancelSolveDuring(
    phase: string,
    params: SolveParams,
    inPhase: (runId: string) => boolean,
  ): Promise<{ result: SolveResultParams; tree: TreeSnapshot; closure: Closure; openAtCancel: string }> {
    const runsBefore = server.runStarted.length;
    const tokensBefore = standin.stats().tokensGenerated;
    const cancel = new CancellationTokenSource();
    const pending = server.solve(params, cancel);
    let settled = false;
    void pending.finally(() => (settled = true));
    const runId = (): string | undefined => (server.runStarted.length > runsBefore ? latestRunId(server) : undefined);
    await pollUntil(() => {
      const id = runId();
      return settled || (id !== undefined && inPhase(id));
    }, 20_000, `the ${phase} phase`);
    assert.equal(settled, false, `the solve was still running in the ${phase} phase`);
    const openAtCancel = inFlight();
    const closure = await cancelAndMeasure(standin, () => cancel.cancel());
    console.log(`cancel-phases: ${phase}: every request closed ${closure.ms.toFixed(1)} ms after the cancellation (${closure.openAtCancel} open: ${openAtCancel})`);
    const result = await pending;
    cancel.dispose();
    assert.equal(standin.stats().totalRequests, closure.totalRequests, 'no request was sent once the cancelled ones had closed');
    assert.ok(closure.ms <= CLOSURE_LIMIT_MS, `${phase}: requests closed in ${closure.ms.toFixed(1)} ms, over ${CLOSURE_LIMIT_MS} ms`);
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.cancelled, true);
    assert.equal(result.stopReason, 'cancelled');
    const tree = await checkCancelledTree(server, result.runId);
    // The ledger charges what the calls really produced: never more than the stand-in generated for them.
    const served = standin.stats().tokensGenerated - tokensBefore;
    assert.ok(tree.usage.generatedTokens <= served, `ledger ${tree.usage.generatedTokens} tokens, stand-in ${served}`);
    assert.ok(standin.stats().generationsAborted >= 1);
    return { result, tree, closure, openAtCancel };
  }

  async function solvesNext(): Promise<void> {
    const next = await server.solve({ problem: 'What is 6 * 7?', mode: 'fixed', strategy: 'majority', samples: 2 });
    assert.equal(next.error, undefined, next.error?.message);
    assert.equal(next.cancelled, false);
    assert.equal(next.answer, '42');
  }

  function outcomeOf(tree: TreeSnapshot, extra = ''): string {
    return `cancelled; tree finished, ${tree.nodes.length} nodes, ${cancelledNodes(tree)} failed "cancelled", none streaming${extra}; next solve answered`;
  }

  test('during the adaptive probe', async () => {
    const { tree, closure, openAtCancel } = await cancelSolveDuring(
      'adaptive probe',
      { problem: PROBLEM, mode: 'adaptive', samples: 16 },
      (runId) => streamingSolvers(standin, 3).length >= 2 && !(clientTree(server, runId)?.decisions.some((d) => d.kind === 'difficulty') ?? true),
    );
    assert.equal(tree.decisions.some((d) => d.kind === 'difficulty'), false, 'the cancellation came before the probe ended');
    assert.ok(cancelledNodes(tree) >= 1, 'the streaming probe chains are marked cancelled');
    await solvesNext();
    rows.push({ phase: 'adaptive probe', setup: 'adaptive, up to 16 samples', inFlight: openAtCancel, closure, outcome: outcomeOf(tree, ', no difficulty decided') });
  });

  for (const strategy of ['majority', 'weighted'] as const) {
    test(`during sampling (fixed ${strategy})`, async () => {
      const { tree, closure, openAtCancel } = await cancelSolveDuring(
        `sampling (${strategy})`,
        { problem: PROBLEM, mode: 'fixed', strategy, samples: 16 },
        () => streamingSolvers(standin, 3).length >= 2,
      );
      assert.ok(cancelledNodes(tree) >= 1, 'the streaming chains are marked cancelled');
      await solvesNext();
      rows.push({ phase: `sampling (${strategy})`, setup: `fixed ${strategy}, 16 samples`, inFlight: openAtCancel, closure, outcome: outcomeOf(tree) });
    });
  }

  test('during verification (fixed weighted)', async () => {
    const { tree, closure, openAtCancel } = await cancelSolveDuring(
      'verification',
      { problem: PROBLEM, mode: 'fixed', strategy: 'weighted', samples: 4 },
      () => {
        const judging = standin.openGenerations().filter(isVerification);
        return judging.length >= 2 && judging.some((g) => g.streaming);
      },
    );
    // A chain whose scoring was cut short says so on its answer node, and votes with the neutral weight.
    const unscored = tree.nodes.filter((n) => n.kind === 'answer' && /not scored \(cancelled\)/.test(n.verdict ?? ''));
    assert.ok(unscored.length >= 1, JSON.stringify(tree.nodes.filter((n) => n.kind === 'answer').map((n) => n.verdict)));
    await solvesNext();
    rows.push({ phase: 'verification', setup: 'fixed weighted, 4 samples', inFlight: openAtCancel, closure, outcome: outcomeOf(tree, `, ${unscored.length} answered chains "not scored (cancelled)"`) });
  });

  test('during beam expansion (fixed beam)', async () => {
    const { tree, closure, openAtCancel } = await cancelSolveDuring(
      'beam expansion',
      { problem: PROBLEM, mode: 'fixed', strategy: 'beam', samples: 8 },
      // A later round: steps of the first are scored, and steps below them are being written.
      (runId) => {
        const nodes = clientTree(server, runId)?.nodes ?? [];
        const scored = nodes.some((n) => n.kind === 'step' && n.score !== undefined);
        const expanding = nodes.some((n) => n.kind === 'step' && n.status === 'streaming' && n.depth >= 2);
        return scored && expanding && streamingSolvers(standin, 1).length >= 1;
      },
    );
    assert.ok(cancelledNodes(tree) >= 1, 'the steps being written are marked cancelled');
    await solvesNext();
    rows.push({ phase: 'beam expansion', setup: 'fixed beam, 8 per round, in round 2 or later', inFlight: openAtCancel, closure, outcome: outcomeOf(tree) });
  });

  test('during a model pull (ponder/pull)', async () => {
    const workDoneToken = server.newToken();
    const cancel = new CancellationTokenSource();
    const aborted = standin.stats().pullsAborted;
    const pending = server.request<PullResult>(PULL_METHOD, { model: 'qwen2-math:1.5b', workDoneToken }, cancel);
    const downloading = (): boolean => server.progressOf(workDoneToken).some((p) => /^pulling [0-9a-f]{12}: /.test(p.value.message ?? ''));
    await pollUntil(downloading, 10_000, 'the download to report progress');
    const closure = await cancelAndMeasure(standin, () => cancel.cancel());
    console.log(`cancel-phases: pull: every request closed ${closure.ms.toFixed(1)} ms after the cancellation (${closure.openAtCancel} open: the pull)`);
    const result = await pending;
    cancel.dispose();
    assert.equal(standin.stats().totalRequests, closure.totalRequests, 'no request was sent once the pull had closed');
    assert.ok(closure.ms <= CLOSURE_LIMIT_MS, `pull: requests closed in ${closure.ms.toFixed(1)} ms, over ${CLOSURE_LIMIT_MS} ms`);
    // A cancelled pull is `ok: false` without an error: nothing to tell the user.
    assert.deepEqual(result, { ok: false });
    assert.equal(standin.stats().pullsAborted, aborted + 1, 'the download stopped at the server');
    assert.equal(server.progressOf(workDoneToken).at(-1)?.value.kind, 'end', 'the progress was ended');
    await solvesNext();
    rows.push({
      phase: 'model pull',
      setup: '`ponder/pull` of a 935 MB model at 20 MB/s',
      inFlight: 'the pull, downloading',
      closure,
      outcome: '`{ ok: false }` without an error; progress ended; download stopped at the server; next solve answered',
    });
  });
});

function renderTable(): string {
  const head = [
    '### Cancellation by phase',
    '',
    'Each row cancels one `ponder/solve` (or `ponder/pull`) with `$/cancelRequest` while the named phase has',
    `requests in flight at the stand-in (${SLOTS} slots, ${PARALLEL_REQUESTS} requests at once from the server, so some stream and`,
    'some wait for a slot), and measures from sending the cancellation until the stand-in has no request open.',
    'Each run must then be flagged cancelled with its tree finished, no node left streaming, every failed node',
    'failed with reason "cancelled", every parent present, the token ledger within its cap, the client\'s tree',
    "rebuilt from the deltas equal to the server's, no request sent afterwards, and the same server must solve",
    'the next problem.',
    '',
    '_Generated by `PONDER_WRITE_DOCS=1 node scripts/test.mjs test/integration/reliability/cancel-phases.timing.test.ts`; do not edit by hand. Times vary with the machine and its load._',
    '',
    `| Phase | Search | In flight at the cancellation | Requests closed after (limit ${CLOSURE_LIMIT_MS} ms) | Result and tree |`,
    '|---|---|---|---|---|',
  ];
  const body = rows.map((r) => `| ${cell(r.phase)} | ${cell(r.setup)} | ${cell(`${r.closure.openAtCancel} open (${r.inFlight})`)} | ${r.closure.ms.toFixed(1)} ms | ${cell(r.outcome)} |`);
  return [...head, ...body].join('\n');
}
