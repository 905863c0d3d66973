// Ponder adaptive against majority voting, ESC and the Beta rule on every shipped file of real recorded
// samples (bench/data/replay), with a cross-validated policy fit, and the timing of a 10,000-sample replay
// run. Writes bench/out/replay/ (results.json, report.md, plots, fitted policies) and copies the
// accuracy-against-samples plots to docs/img/ for the README and docs/bench.md.
//
//   npm run bench:replay          (= npx tsx bench/replay.ts [--seed 1] [--repeats 20])
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBench } from '../src/cli/bench/index';
import { processIo } from '../src/cli/io';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const seed = option('seed', '1');
const repeats = option('repeats', '20');
const io = processIo();

async function main(): Promise<number> {
  // 1. Speed: one pass over the 100 × 100 Game of 24 file is 10,000 recorded samples.
  const speedOut = join('bench', 'out', 'replay-speed');
  const started = performance.now();
  const speed = await runBench(['--dataset', 'game24', '--strategies', 'majority', '--budgets', '100', '--repeats', '1', '--seed', seed, '--fresh', '--out', speedOut], io);
  if (speed !== 0) return speed;
  const results = JSON.parse(readFileSync(join(speedOut, 'results.json'), 'utf8')) as { meanSamples: number; problems: number }[];
  const samples = (results[0]?.meanSamples ?? 0) * (results[0]?.problems ?? 0);
  io.stdout.write(`\n10,000-sample replay run: ${samples.toLocaleString('en-US')} samples in ${((performance.now() - started) / 1000).toFixed(2)} s (whole command: load, run, report, plot)\n\n`);

  // 2. Every strategy on every replay file, with the policy fit.
  const out = join('bench', 'out', 'replay');
  const code = await runBench(['--dataset', 'game24,math500,gsm8k', '--repeats', repeats, '--seed', seed, '--fit-policy', '--fresh', '--out', out], io);
  if (code !== 0) return code;
  mkdirSync(join('docs', 'img'), { recursive: true });
  for (const dataset of ['game24', 'math500', 'gsm8k']) {
    copyFileSync(join(out, `${dataset}-accuracy-vs-samples.svg`), join('docs', 'img', `bench-replay-${dataset}.svg`));
  }
  io.stdout.write(`\nreport: ${join(out, 'report.md')}; plots copied to docs/img/bench-replay-{game24,math500,gsm8k}.svg\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
