// Time from a ponder/solve request to the first tree node on the client, through the language server
// (a child process over stdio, as an editor runs it) against the Ollama stand-in with zero latency.
// Also the time to the first streamed step text, and to the answer. Run: npx tsx bench/first-node.ts
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { RUN_STARTED_NOTIFICATION, SOLVE_METHOD, TREE_DELTA_NOTIFICATION } from '../src/protocol/lsp';
import type { SolveResultParams, TreeDeltaParams } from '../src/protocol/lsp';
import { startStandin } from '../src/standin';

const RUNS = 10;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const standin = await startStandin({ parallel: 4 });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let firstStarted: number | undefined;
  let firstNode: number | undefined;
  let firstText: number | undefined;
  connection.onNotification(RUN_STARTED_NOTIFICATION, () => {
    firstStarted ??= performance.now();
  });
  connection.onNotification(TREE_DELTA_NOTIFICATION, (params: TreeDeltaParams) => {
    const now = performance.now();
    if (params.deltas.some((d) => d.type === 'nodeAdded' && d.node.kind !== 'decision')) firstNode ??= now;
    if (params.deltas.some((d) => d.type === 'textAppended')) firstText ??= now;
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { ollamaHost: standin.url, parallelRequests: 4 } });
  await connection.sendNotification('initialized', {});

  const started: number[] = [];
  const nodes: number[] = [];
  const texts: number[] = [];
  const answers: number[] = [];
  // One warm-up run (module loading, the stand-in's model load, the capability lookups), then the measured ones.
  for (let run = 0; run <= RUNS; run += 1) {
    firstStarted = firstNode = firstText = undefined;
    const t0 = performance.now();
    const result = await connection.sendRequest<SolveResultParams>(SOLVE_METHOD, { problem: `What is ${run + 12} * 7 + 5?`, mode: 'fixed', strategy: 'weighted', samples: 8 });
    const t1 = performance.now();
    if (result.error) throw new Error(result.error.message);
    if (run === 0) {
      console.log(`warm-up (first request of the session): first node after ${((firstNode ?? NaN) - t0).toFixed(1)} ms`);
      continue;
    }
    started.push((firstStarted ?? NaN) - t0);
    nodes.push((firstNode ?? NaN) - t0);
    texts.push((firstText ?? NaN) - t0);
    answers.push(t1 - t0);
  }
  const row = (label: string, values: number[]): string =>
    `${label.padEnd(28)} median ${percentile(values, 50).toFixed(1).padStart(6)} ms   p90 ${percentile(values, 90).toFixed(1).padStart(6)} ms`;
  console.log(`ponder/solve → client, stand-in with zero latency, weighted N=8, ${RUNS} runs after a warm-up:`);
  console.log(row('ponder/runStarted', started));
  console.log(row('first tree node (delta)', nodes));
  console.log(row('first streamed text', texts));
  console.log(row('result (whole search)', answers));

  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await once(child, 'exit');
  connection.dispose();
  await standin.close();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
