// What the cancellation-by-phase tests share: the live tree of a run rebuilt from the server's
// notifications, the wait for a phase to be in flight at the stand-in, the measured time from sending the
// cancellation to the stand-in having no request open, and the checks that a cancelled run's tree is whole.
import assert from 'node:assert/strict';
import { applyDeltas } from '../../../src/engine/tree/apply';
import { isVerificationPrompt } from '../../../src/engine/prompts/verify';
import { GET_RUN_METHOD } from '../../../src/protocol/lsp';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import type { OpenGeneration, Standin } from '../../../src/standin';
import type { ServerHarness } from '../server/harness';

/** The closure limit Ponder promises: every HTTP request closed within this long of the cancellation. */
export const CLOSURE_LIMIT_MS = 200;

/** A verification request: its rendered prompt ends with the judge's question. */
export function isVerification(generation: OpenGeneration): boolean {
  return isVerificationPrompt(generation.prompt);
}

/** The generations writing reasoning (not judging it) that have sent at least `tokens` tokens. */
export function streamingSolvers(standin: Standin, tokens = 1): OpenGeneration[] {
  return standin.openGenerations().filter((g) => !isVerification(g) && g.streaming && g.tokensSent >= tokens);
}

/** The newest run's id, once the server has announced it. */
export function latestRunId(server: ServerHarness): string | undefined {
  return server.runStarted.at(-1)?.params.runId;
}

/** The run as the client sees it: its first snapshot with every delta received so far applied. */
export function clientTree(server: ServerHarness, runId: string): TreeSnapshot | undefined {
  const started = server.runStarted.find((r) => r.params.runId === runId);
  if (!started) return undefined;
  return applyDeltas(started.params.snapshot, server.deltasOf(runId).flatMap((d) => d.params.deltas));
}

/** Polls `predicate` every millisecond or so until it holds; fails after `timeoutMs`. */
export async function pollUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export interface Closure {
  /** Requests open at the stand-in when the cancellation was sent. */
  openAtCancel: number;
  /** Milliseconds from sending the cancellation until the stand-in had no request open. */
  ms: number;
  /** Requests the stand-in had received by then: no later one may come from the cancelled work. */
  totalRequests: number;
}

/**
 * Sends the cancellation (`cancel` must send it: `$/cancelRequest` goes out synchronously) and measures,
 * from just before it was sent, how long until the stand-in reports no open request. Waits up to 5 s so a
 * slow closure is measured and reported rather than only timed out.
 */
export async function cancelAndMeasure(standin: Standin, cancel: () => void): Promise<Closure> {
  const openAtCancel = standin.stats().openRequests;
  const sentAt = performance.now();
  cancel();
  await pollUntil(() => standin.stats().openRequests === 0, 5000, 'every request to close at the stand-in');
  return { openAtCancel, ms: performance.now() - sentAt, totalRequests: standin.stats().totalRequests };
}

/**
 * The checks every cancelled solve must pass: the run ended; no node is left streaming; every failed node
 * failed because of the cancellation; every node's parent exists and comes before it; the ledger never went
 * over the cap (at the end, and in none of the usage updates streamed during the run); and the client's
 * copy rebuilt from the notifications is the server's tree. Returns the server's tree.
 */
export async function checkCancelledTree(server: ServerHarness, runId: string): Promise<TreeSnapshot> {
  const tree = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId });
  assert.ok(tree, 'the run is kept');
  const nodes = (): string => JSON.stringify(tree.nodes.map((n) => [n.kind, n.status, n.reason]));
  assert.equal(tree.finished, true, 'the run ended');
  assert.deepEqual(tree.nodes.filter((n) => n.status === 'streaming').map((n) => n.id), [], `no node left streaming: ${nodes()}`);
  for (const node of tree.nodes.filter((n) => n.status === 'failed')) {
    assert.equal(node.reason, 'cancelled', `a failed node failed because of the cancellation: ${nodes()}`);
  }
  const seen = new Set<string>();
  for (const node of tree.nodes) {
    if (node.parentId === null) assert.equal(node.kind, 'problem', 'only the problem has no parent');
    else assert.ok(seen.has(node.parentId), `the parent of ${node.id} exists and comes before it`);
    seen.add(node.id);
  }
  assert.equal(tree.nodes.filter((n) => n.parentId === null).length, 1, 'one root');
  assert.ok(tree.usage.generatedTokens <= tree.usage.tokenCap, `ledger within the cap: ${JSON.stringify(tree.usage)}`);
  for (const delta of server.deltasOf(runId).flatMap((d) => d.params.deltas)) {
    if (delta.type === 'usage') assert.ok(delta.usage.generatedTokens <= delta.usage.tokenCap, `usage within the cap: ${JSON.stringify(delta.usage)}`);
  }
  assert.deepEqual(clientTree(server, runId), tree, "the client's tree rebuilt from the deltas is the server's");
  return tree;
}

/** Nodes the cancellation stopped. */
export function cancelledNodes(tree: TreeSnapshot): number {
  return tree.nodes.filter((n) => n.status === 'failed' && n.reason === 'cancelled').length;
}
