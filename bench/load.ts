// Load on one language server process: 20 solves at once from several documents against the stand-in,
// with hovers over already solved ranges while they run; then one solve whose tree reaches ~10,000 nodes;
// then a 1 MB problem. Prints hover and tree-delta latency percentiles and the server's memory, and writes
// them into docs/reliability.md (between the `load` markers).
//
//   npx tsx bench/load.ts            (npm run bench:load)
import { readdirSync, readFileSync } from 'node:fs';
import type { Hover } from 'vscode-languageserver-protocol';
import { GET_RUN_METHOD, LIST_RUNS_METHOD } from '../src/protocol/lsp';
import type { Range, SolveResultParams } from '../src/protocol/lsp';
import type { TreeSnapshot } from '../src/protocol/tree';
import { startStandin } from '../src/standin';
import { ServerHarness } from '../test/integration/server/harness';
import { writeDocSection } from '../test/support/doc-section';

const DOCUMENTS = 5;
/** The first problem of each document is solved before the load (hover targets); the rest make the 20. */
const PROBLEMS_PER_DOCUMENT = 5;
const LOAD_SAMPLES = 8;
const TOKEN_LATENCY_MS = 2;
const PARALLEL = 4;
/** DVTS with this many samples on the simulated model grows a tree of ~10,000 nodes. */
const BIG_TREE_SAMPLES = 3400;
/** Enough ~10,000-node trees after the first to pass the run store's 50,000-node limit. */
const EXTRA_LARGE_TREES = 6;

interface Memory {
  rssKb: number;
  hwmKb: number;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The language server child of this process (the harness keeps its handle private). */
function serverPid(): number {
  for (const task of readdirSync('/proc/self/task')) {
    const children = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const pid of children) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('src/server/main.ts')) return Number(pid);
    }
  }
  throw new Error('language server process not found');
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

function documentText(doc: number): { uri: string; text: string; ranges: { problem: string; range: Range }[] } {
  const lines = [`# Worksheet ${doc}`];
  const ranges: { problem: string; range: Range }[] = [];
  for (let i = 0; i < PROBLEMS_PER_DOCUMENT; i += 1) {
    const problem = `What is ${doc + 2} * ${i + 3} + ${doc * 7 + i}?`;
    lines.push(problem, '');
    const line = lines.length - 2;
    ranges.push({ problem, range: { start: { line, character: 0 }, end: { line, character: problem.length } } });
  }
  return { uri: `file:///load/worksheet-${doc}.md`, text: lines.join('\n'), ranges };
}

async function main(): Promise<void> {
  const standin = await startStandin({ parallel: PARALLEL, tokenLatencyMs: TOKEN_LATENCY_MS });
  const server = await ServerHarness.start({ ollamaHost: standin.url, parallelRequests: PARALLEL });
  const pid = serverPid();
  const idle = memoryOf(pid);
  try {
    const docs = Array.from({ length: DOCUMENTS }, (_, d) => documentText(d));
    for (const doc of docs) {
      await server.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'markdown', version: 1, text: doc.text } });
    }
    // One range per document solved first, so hovers have something to show while the load runs.
    const hoverTargets = docs.map((doc) => ({ uri: doc.uri, range: doc.ranges[0]?.range }));
    for (const doc of docs) {
      const first = doc.ranges[0];
      if (!first) continue;
      await server.solve({ problem: first.problem, uri: doc.uri, range: first.range, version: 1, mode: 'fixed', strategy: 'weighted', samples: 2 });
    }

    // 20 solves at once (the ranges not solved yet), hovering over the solved ones while they run.
    const deltasBefore = server.deltas.length;
    const started = performance.now();
    let running = true;
    const solves = docs.flatMap((doc) =>
      doc.ranges.slice(1).map(({ problem, range }) =>
        server.solve({ problem, uri: doc.uri, range, version: 1, mode: 'fixed', strategy: 'weighted', samples: LOAD_SAMPLES }),
      ),
    );
    const all = Promise.all(solves).finally(() => (running = false));
    const hoverMs: number[] = [];
    let hoversAnswered = 0;
    while (running) {
      for (const target of hoverTargets) {
        if (!target.range) continue;
        const t0 = performance.now();
        const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: target.uri }, position: target.range.start });
        hoverMs.push(performance.now() - t0);
        if (hover) hoversAnswered += 1;
      }
    }
    const results: SolveResultParams[] = await all;
    const loadWallMs = performance.now() - started;
    const failed = results.filter((r) => r.error || r.answer === null).length;

    // Intervals between consecutive tree-delta notifications of the same run.
    const byRun = new Map<string, number[]>();
    for (const delta of server.deltas.slice(deltasBefore)) {
      const times = byRun.get(delta.params.runId) ?? [];
      times.push(delta.at);
      byRun.set(delta.params.runId, times);
    }
    const loadDeltaTimes = server.deltas.slice(deltasBefore).map((d) => d.at);
    const anyRunIntervals = loadDeltaTimes.slice(1).map((t, i) => t - (loadDeltaTimes[i] ?? t));
    const deltaIntervals = [...byRun.values()].flatMap((times) => times.slice(1).map((t, i) => t - (times[i] ?? t)));
    const afterLoad = memoryOf(pid);

    // A tree of ~10,000 nodes on the simulated model.
    await server.configure({ useSimulatedModel: true, parallelRequests: PARALLEL });
    const bigStarted = performance.now();
    const big = await server.solve({ problem: 'What is 48 * 52 - 17?', mode: 'fixed', strategy: 'dvts', samples: BIG_TREE_SAMPLES, tokenCap: 10_000_000 });
    const bigWallMs = performance.now() - bigStarted;
    const bigTree = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId: big.runId });
    const bigNodes = bigTree?.nodes.length ?? 0;
    const afterBig = memoryOf(pid);

    // Bounded memory: more large trees than the server keeps (its run store holds at most 50,000 tree
    // nodes; older finished trees are dropped, their summaries kept). Resident memory is read after each.
    const rssAfterEach: number[] = [];
    for (let i = 0; i < EXTRA_LARGE_TREES; i += 1) {
      await server.solve({ problem: `What is ${31 + i} * ${47 + i} - ${i + 5}?`, mode: 'fixed', strategy: 'dvts', samples: BIG_TREE_SAMPLES, tokenCap: 10_000_000 });
      rssAfterEach.push(memoryOf(pid).rssKb);
    }
    const firstBigAfter = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId: big.runId });
    const runList = await server.request<{ runId: string; answer: string | null }[]>(LIST_RUNS_METHOD, {});
    const firstBigListed = runList.some((run) => run.runId === big.runId && run.answer === big.answer);
    const afterMany = memoryOf(pid);

    // A 1 MB problem: refused before any request.
    await server.configure({ useSimulatedModel: false, ollamaHost: standin.url, parallelRequests: PARALLEL });
    const requestsBefore = standin.stats().totalRequests;
    const hugeStarted = performance.now();
    const huge = await server.solve({ problem: `What is 1 + 1? ${'x'.repeat(1024 * 1024)}`, mode: 'fixed', strategy: 'majority', samples: 2 });
    const hugeMs = performance.now() - hugeStarted;
    const hugeRequests = standin.stats().totalRequests - requestsBefore;

    const lines = [
      `${results.length} concurrent solves (${DOCUMENTS} documents × ${PROBLEMS_PER_DOCUMENT - 1}, weighted N=${LOAD_SAMPLES}, stand-in ${PARALLEL} slots at ${TOKEN_LATENCY_MS} ms/token): ${(loadWallMs / 1000).toFixed(1)} s, ${failed} without an answer`,
      `hover on solved ranges during the load: ${hoverMs.length} hovers (${hoversAnswered} answered), p50 ${ms(percentile(hoverMs, 50))}, p95 ${ms(percentile(hoverMs, 95))}, max ${ms(Math.max(...hoverMs))}`,
      `tree-delta notifications during the load: interval between any two p50 ${ms(percentile(anyRunIntervals, 50))}, p95 ${ms(percentile(anyRunIntervals, 95))}; within one run (${deltaIntervals.length} intervals, including waits for a free slot) p50 ${ms(percentile(deltaIntervals, 50))}, p95 ${ms(percentile(deltaIntervals, 95))}`,
      `large tree (DVTS N=${BIG_TREE_SAMPLES}, simulated model): ${bigNodes} nodes in ${(bigWallMs / 1000).toFixed(1)} s, answer ${big.answer ?? 'none'}`,
      `server memory: idle RSS ${mb(idle.rssKb)}; after the load RSS ${mb(afterLoad.rssKb)}; after the large tree RSS ${mb(afterBig.rssKb)}, peak (VmHWM) ${mb(afterBig.hwmKb)}`,
      `${EXTRA_LARGE_TREES} more trees of ~10,000 nodes: RSS after each ${rssAfterEach.map(mb).join(', ')}; peak (VmHWM) ${mb(afterMany.hwmKb)}; the first large tree ${firstBigAfter === null ? 'evicted' : 'still held'} (its summary ${firstBigListed ? 'still listed with its answer' : 'gone'})`,
      `1 MB problem: ${huge.error?.kind ?? 'no error'} in ${ms(hugeMs)}, ${hugeRequests} requests sent; "${huge.error?.message ?? ''}"`,
    ];
    for (const line of lines) console.log(line);
    if (huge.error?.kind !== 'context-too-small' || hugeRequests !== 0) {
      console.error('the 1 MB problem should be refused as context-too-small without any request');
      process.exitCode = 1;
    }
    if (firstBigAfter !== null || !firstBigListed) {
      console.error('the oldest large tree should be evicted past the node limit, with its summary kept');
      process.exitCode = 1;
    }
    if (failed > 0 || bigNodes < 10_000) {
      console.error('every load solve should answer and the large tree should reach 10,000 nodes');
      process.exitCode = 1;
    }
    const doc = [
      '_Measured by `npx tsx bench/load.ts` (one server process over stdio, the stand-in as Ollama); figures vary with the machine._',
      '',
      ...lines.map((line) => `- ${line.replace(/\s+/g, ' ')}`),
    ].join('\n');
    writeDocSection('docs/reliability.md', 'load', doc, '# Reliability');
    console.log('written to docs/reliability.md');
  } finally {
    await server.close();
    await standin.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
