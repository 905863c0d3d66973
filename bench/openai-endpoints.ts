// Figures for the OpenAI-compatible backend, against the stand-in's OpenAI dialect (simulated reasoner):
//  1. `ponder bench --backend openai --dataset sim --limit 40 --seed 3` on one endpoint and on two, each
//     stand-in with one slot: accuracy and samples (must be equal) and wall time (throughput).
//  2. `n`: prompt tokens evaluated per sample when 8 samples of one prompt come from one request with
//     n = 8, against 8 requests, with and without the server's prefix cache.
//  3. `n` in a real solve: majority and weighted best-of-8 with 4 at once (two waves of one request
//     each), against the same solve drawing one request per sample; same samples, prompt tokens per sample.
// Run: npx tsx bench/openai-endpoints.ts [--latency-ms 3] [--n-only]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../src/cli/main';
import type { CliIo } from '../src/cli/io';
import { OpenAIModel } from '../src/engine/model/openai';
import type { LanguageModel } from '../src/engine/model/types';
import { solveMessages } from '../src/engine/prompts/solve';
import { solve } from '../src/engine/solve';
import { startStandin } from '../src/standin';

const latencyArg = process.argv.indexOf('--latency-ms');
const LATENCY_MS = latencyArg > 0 ? Number(process.argv[latencyArg + 1]) : 3;

function quietIo(): CliIo & { err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stdout.resume();
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const stdin = Readable.from([]) as unknown as NodeJS.ReadStream;
  return { stdin, stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream, onInterrupt: () => undefined, offInterrupt: () => undefined, env: {}, err: () => err };
}

async function benchRun(urls: string[], out: string): Promise<{ seconds: number; rows: { strategy: string; budget: number; accuracy: number; meanSamples: number }[] }> {
  const io = quietIo();
  const started = performance.now();
  const code = await main(
    ['bench', '--backend', 'openai', '--base-url', urls.join(','), '--model', 'qwen2.5:1.5b', '--dataset', 'sim', '--limit', '40', '--seed', '3', '--budgets', '1,4', '--strategies', 'majority', '--concurrency', '4', '--out', out, '--fresh'],
    io,
  );
  if (code !== 0) throw new Error(`bench failed: ${io.err()}`);
  const seconds = (performance.now() - started) / 1000;
  const rows = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { strategy: string; budget: number; accuracy: number; meanSamples: number }[];
  return { seconds, rows };
}

async function endpoints(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-openai-endpoints-'));
  const a = await startStandin({ dialect: 'openai', parallel: 1, tokenLatencyMs: LATENCY_MS });
  const b = await startStandin({ dialect: 'openai', parallel: 1, tokenLatencyMs: LATENCY_MS });
  try {
    const one = await benchRun([`${a.url}/v1`], join(dir, 'one'));
    const aBefore = a.stats().generationsCompleted;
    const two = await benchRun([`${a.url}/v1`, `${b.url}/v1`], join(dir, 'two'));
    const servedA = a.stats().generationsCompleted - aBefore;
    const servedB = b.stats().generationsCompleted;
    console.log(`endpoints (sim dataset, 40 problems, seed 3, budgets 1,4, majority, --concurrency 4, stand-ins of one slot, ${LATENCY_MS} ms/token):`);
    console.log('| endpoints | budget | accuracy | mean samples | wall time | generations served |');
    console.log('|---|---|---|---|---|---|');
    for (const [label, run, served] of [['1', one, `${aBefore}`], ['2', two, `${servedA} + ${servedB}`]] as const) {
      for (const row of run.rows) {
        console.log(`| ${label} | ${row.budget} | ${(row.accuracy * 100).toFixed(1)}% | ${row.meanSamples.toFixed(2)} | ${run.seconds.toFixed(1)} s | ${served} |`);
      }
    }
    const same = JSON.stringify(one.rows.map((r) => [r.accuracy, r.meanSamples])) === JSON.stringify(two.rows.map((r) => [r.accuracy, r.meanSamples]));
    console.log(`same accuracy and samples: ${same ? 'yes' : 'NO'}; throughput ×${(one.seconds / two.seconds).toFixed(2)} with two endpoints`);
  } finally {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function promptEvaluation(): Promise<void> {
  const N = 8;
  const problem = 'Zoe has 42 stamps. She gets 4 boxes of 16 stamps. She buys 60 more stamps. She gives away 28 stamps. How many stamps does Zoe have now?';
  const request = { messages: solveMessages(problem), temperature: 0.8, seed: 10, maxTokens: 300 };
  console.log(`\nn (${N} samples of one solve prompt):`);
  console.log('| server prefix cache | how | prompt tokens evaluated | per sample | requests |');
  console.log('|---|---|---|---|---|');
  for (const cache of [false, true]) {
    for (const how of ['n = 8, one request', '8 requests, 4 at once'] as const) {
      const standin = await startStandin({ dialect: 'openai', parallel: 4, cache });
      const model = new OpenAIModel({ baseUrl: standin.url, model: 'qwen2.5:1.5b', slots: 4 });
      try {
        await model.listModels(new AbortController().signal);
        const before = standin.stats();
        const signal = new AbortController().signal;
        if (how === 'n = 8, one request') await model.generateMany(request, N, signal);
        else {
          await Promise.all(Array.from({ length: N }, async (_, i) => {
            for await (const _event of model.generate({ ...request, seed: request.seed + i }, signal)) void _event;
          }));
        }
        const after = standin.stats();
        const evaluated = after.promptTokensEvaluated - before.promptTokensEvaluated;
        console.log(`| ${cache ? 'on' : 'off'} | ${how} | ${evaluated} | ${(evaluated / N).toFixed(1)} | ${after.totalRequests - before.totalRequests} |`);
      } finally {
        await model.close();
        await standin.close();
      }
    }
  }
}

/** The same solve with and without `n`: the generator's prompt tokens per sample, as the stand-in evaluated them. */
async function solvePromptEvaluation(): Promise<void> {
  const problem = 'Zoe has 42 stamps. She gets 4 boxes of 16 stamps. She buys 60 more stamps. She gives away 28 stamps. How many stamps does Zoe have now?';
  console.log('\nn in a real solve (8 samples, 4 at once, seed 5; the chains only, not the judge\'s calls):');
  console.log('| server prefix cache | strategy | how | chain requests | prompt tokens evaluated per sample | same samples |');
  console.log('|---|---|---|---|---|---|');
  for (const cache of [false, true]) {
    for (const strategy of ['majority', 'weighted']) {
      const texts: string[] = [];
      for (const how of ['one request per wave (n = 4)', 'one request per sample'] as const) {
        const standin = await startStandin({ dialect: 'openai', parallel: 8, cache });
        const openai = new OpenAIModel({ baseUrl: standin.url, model: 'qwen2.5:1.5b', slots: 8 });
        const model: LanguageModel = how === 'one request per sample' ? { label: openai.label, generate: (r, s) => openai.generate(r, s), capabilities: (s, m) => openai.capabilities(s, m) } : openai;
        try {
          await openai.capabilities(new AbortController().signal);
          const before = standin.stats();
          const result = await solve(problem, { model, strategy, samples: 8, parallelism: 4, seed: 5 }, new AbortController().signal);
          const after = standin.stats();
          // The judge's calls are one request each with n = 1 in both runs: take them out.
          const judge = result.usageByPurpose.verifier;
          const chainRequests = after.generationsStarted - before.generationsStarted - judge.calls;
          // What the server evaluated for the chains (usage prompt_tokens minus cached_tokens, as charged).
          const chainPrompt = result.usageByPurpose.generator.promptTokens;
          texts.push(JSON.stringify(result.tree.nodes.filter((n) => n.kind === 'step' || n.kind === 'answer').map((n) => [n.sample, n.text]).sort()));
          const same = texts.length === 2 ? (texts[0] === texts[1] ? 'yes' : 'NO') : '';
          console.log(`| ${cache ? 'on' : 'off'} | ${strategy} | ${how} | ${chainRequests} | ${(chainPrompt / 8).toFixed(1)} | ${same} |`);
        } finally {
          await openai.close();
          await standin.close();
        }
      }
    }
  }
}

async function run(): Promise<void> {
  if (!process.argv.includes('--n-only')) {
    await endpoints();
    await promptEvaluation();
  }
  await solvePromptEvaluation();
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
