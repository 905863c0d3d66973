// Throughput of the Ollama adapter: 64 samples through the stand-in (4 parallel slots, a fixed time per
// token) via OllamaModel with a 4-slot limiter, against the ideal wall time
//   ideal = total tokens generated × token latency ÷ slots
// (what perfect slot use with zero overhead would take). Target: within 10 % of ideal.
//
// To tell the adapter's overhead from the stand-in's own pacing, two more figures are measured:
// - the timer: how long the stand-in's per-token wait (a setTimeout of the token latency) really takes;
// - a raw baseline: the same requests sent with plain fetch, 4 at a time, the body read and dropped;
// - the stand-in's own record of each generation (eval_duration per token, total_duration), so the wall
//   time splits into server time and client/HTTP turnaround.
// The stand-in runs in its own process, as Ollama does (`--in-process` runs it in this one: then the
// client's work delays the stand-in's token timers, which is not what happens with Ollama).
//
//   npx tsx bench/throughput.ts [--samples 64] [--slots 4] [--latency-ms 2] [--repeats 3] [--in-process]
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { Agent, fetch } from 'undici';
import { collectGeneration } from '../src/engine/model/collect';
import { OllamaModel } from '../src/engine/model/ollama';
import type { GenerationRequest } from '../src/engine/model/types';
import { solveMessages } from '../src/engine/prompts/solve';
import { startStandin } from '../src/standin';
import { flag, option } from './support/options';


const SAMPLES = option('samples', 64);
const SLOTS = option('slots', 4);
const LATENCY_MS = option('latency-ms', 2);
const REPEATS = option('repeats', 3);
const IN_PROCESS = flag('in-process');
const MODEL = 'qwen2.5:1.5b';
const PROBLEM = 'What is (17 + 5) * 3 - 4 * (6 - 2) + 45 / 9?';

function request(seed: number): GenerationRequest {
  return { messages: solveMessages(PROBLEM), temperature: 0.7, seed, maxTokens: 2048, think: false };
}

interface Run {
  readonly wallMs: number;
  readonly tokens: number;
  /** Server-side, from the usage records (adapter runs only). */
  readonly evalMs?: number;
  readonly totalMs?: number;
}

/** The adapter under test: every sample started at once, the limiter admits SLOTS of them. */
async function viaOllamaModel(model: OllamaModel, seedBase: number): Promise<Run> {
  const signal = new AbortController().signal;
  const started = performance.now();
  const generations = await Promise.all(
    Array.from({ length: SAMPLES }, (_, i) => collectGeneration(model.generate(request(seedBase + i), signal))),
  );
  const wallMs = performance.now() - started;
  const sum = (pick: (u: (typeof generations)[number]['usage']) => number): number =>
    generations.reduce((total, g) => total + pick(g.usage), 0);
  return { wallMs, tokens: sum((u) => u.generatedTokens), evalMs: sum((u) => u.evalDurationMs), totalMs: sum((u) => u.totalDurationMs) };
}

/** Plain fetch, SLOTS workers, bodies read as bytes: the stand-in plus HTTP and nothing else. */
async function viaRawFetch(url: string, seedBase: number): Promise<Run> {
  const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  let next = 0;
  let tokens = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < SAMPLES; i = next++) {
      const r = request(seedBase + i);
      const body = JSON.stringify({
        model: MODEL,
        messages: r.messages,
        stream: true,
        options: { temperature: r.temperature, seed: r.seed, num_predict: r.maxTokens, num_ctx: 8192 },
        think: false,
      });
      const response = await fetch(`${url}/api/chat`, { method: 'POST', body, dispatcher: agent });
      const text = await response.text();
      const final = JSON.parse(text.trimEnd().split('\n').at(-1) ?? '{}') as { eval_count?: number };
      tokens += final.eval_count ?? 0;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: SLOTS }, worker));
  const wallMs = performance.now() - started;
  await agent.close();
  return { wallMs, tokens };
}

/** Mean real duration of `count` back-to-back waits of the token latency, in SLOTS concurrent chains. */
async function timerMs(count: number): Promise<number> {
  const chain = async (): Promise<number> => {
    const started = performance.now();
    for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    return (performance.now() - started) / count;
  };
  const perChain = await Promise.all(Array.from({ length: SLOTS }, chain));
  return perChain.reduce((a, b) => a + b, 0) / perChain.length;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const fmt = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;
const pct = (ratio: number): string => `${((ratio - 1) * 100).toFixed(1)} %`;

interface Server {
  readonly url: string;
  /** Closes it and returns what it reports at the end. */
  close(): Promise<string>;
}

async function inProcessServer(): Promise<Server> {
  const standin = await startStandin({ parallel: SLOTS, tokenLatencyMs: LATENCY_MS });
  return {
    url: standin.url,
    close: async () => {
      const { peakActiveGenerations, rejectedQueueFull } = standin.stats();
      await standin.close();
      return JSON.stringify({ peakActiveGenerations, rejectedQueueFull });
    },
  };
}

async function childProcessServer(): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/throughput-standin.ts', String(SLOTS), String(LATENCY_MS)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the stand-in process exited (${code})`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  let report = '';
  child.stderr.on('data', (chunk: Buffer) => (report += chunk.toString()));
  return {
    url,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
      lines.close();
      return report.trim();
    },
  };
}

async function main(): Promise<void> {
  const server = IN_PROCESS ? await inProcessServer() : await childProcessServer();
  const model = new OllamaModel({ host: server.url, model: MODEL, slots: SLOTS, numCtx: 8192 });
  const loadBefore = loadavg()[0] ?? 0;
  let serverReport = '';
  try {
    // Warm-up: model load, JIT, connection pool.
    await viaOllamaModel(model, 1_000_000);
    await viaRawFetch(server.url, 1_000_000);

    const adapterRuns: Run[] = [];
    const rawRuns: Run[] = [];
    for (let r = 0; r < REPEATS; r++) {
      // The same seeds for both, so both generate the same tokens.
      adapterRuns.push(await viaOllamaModel(model, r * SAMPLES));
      rawRuns.push(await viaRawFetch(server.url, r * SAMPLES));
    }
    const tick = await timerMs(200);

    const sameTokens = adapterRuns.every((run, i) => run.tokens === rawRuns[i]?.tokens);
    const ratios = adapterRuns.map((run) => run.wallMs / ((run.tokens * LATENCY_MS) / SLOTS));
    const rawRatios = rawRuns.map((run) => run.wallMs / ((run.tokens * LATENCY_MS) / SLOTS));
    const middle = adapterRuns.indexOf(adapterRuns.find((_, i) => ratios[i] === median(ratios)) ?? adapterRuns[0]!);
    const run = adapterRuns[middle]!;
    const ideal = (run.tokens * LATENCY_MS) / SLOTS;
    const ratio = run.wallMs / ideal;
    const rawRatio = median(rawRatios);
    const perToken = (run.evalMs ?? 0) / run.tokens;
    const serverOther = ((run.totalMs ?? 0) - (run.evalMs ?? 0)) / SAMPLES;
    const serverBusy = (run.totalMs ?? 0) / SLOTS;

    console.log(`Ollama adapter throughput: ${SAMPLES} samples, ${SLOTS} slots (stand-in and limiter), ${LATENCY_MS} ms per token, ${REPEATS} runs`);
    console.log(`  stand-in ${IN_PROCESS ? 'in this process' : 'in its own process'}; load average ${loadBefore.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)} on ${availableParallelism()} CPUs`);
    console.log(`  tokens generated (median run)          ${run.tokens} (${(run.tokens / SAMPLES).toFixed(1)} per sample)`);
    console.log(`  ideal = tokens × ${LATENCY_MS} ms ÷ ${SLOTS}             ${fmt(ideal)}`);
    console.log(`  OllamaModel wall time                  ${fmt(run.wallMs)}   ratio ${ratio.toFixed(3)} (${pct(ratio)} over ideal; target ≤ 10 %)`);
    console.log(`    ratio per run                        ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
    console.log('  where the time goes:');
    console.log(`    a ${LATENCY_MS} ms timer really waits             ${tick.toFixed(3)} ms (idle event loop)  → ideal at that timer ${fmt((run.tokens * tick) / SLOTS)}`);
    console.log(`    stand-in time per token under load   ${perToken.toFixed(3)} ms (its eval_duration ÷ eval_count)`);
    console.log(`    stand-in time per request otherwise  ${serverOther.toFixed(1)} ms (total_duration − eval_duration)`);
    console.log(`    stand-in busy time ÷ slots           ${fmt(serverBusy)}  (${pct(serverBusy / ideal)} over ideal: the server side alone)`);
    console.log(`    outside the stand-in's timed work     ${fmt(run.wallMs - serverBusy)}  (${((run.wallMs - serverBusy) / (SAMPLES / SLOTS)).toFixed(2)} ms per request per slot: client, HTTP, slot hand-over)`);
    console.log(`    raw fetch baseline, same requests    ratio ${rawRatio.toFixed(3)} to ideal (runs: ${rawRatios.map((r) => r.toFixed(3)).join(', ')}; same tokens: ${sameTokens})`);
    console.log(`    OllamaModel vs raw fetch             ${pct(median(ratios) / rawRatio)} (the adapter's own overhead)`);
    console.log(`  target (within 10 % of ideal): ${ratio <= 1.1 ? 'MET' : 'NOT MET'}`);
  } finally {
    await model.close();
    serverReport = await server.close();
  }
  console.log(`  stand-in at the end: ${serverReport}`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
