// Prefix reuse in step-level beam search, measured where it happens: at the server. Beam search runs
// through the Ollama stand-in (real HTTP, the real `ollama` client) twice per setting, with the stand-in's
// prefix cache on and off, and the same seeds, so both runs build the same tree (checked). Printed: prompt
// tokens the server evaluated (prompt_eval_count) with the cache against re-sending everything, and
// their ratio; the target is at most 25%.
//
// Settings: the server's slots (OLLAMA_NUM_PARALLEL; Ollama's default is 1) and Ponder's parallelism;
// whether the judge is a second model (its own runner and slots), which keeps the judge's prompts from
// evicting the generator's cached prefixes (it must be other weights: Ollama keys runners by the weights
// file, so a name made by `ollama cp` shares the generator's runner and slots); and, with several slots,
// whether the server forks cached prefixes between them (OLLAMA_MULTIUSER_CACHE).
//
//   npx tsx bench/prefix-reuse.ts [--problems 20] [--seed 5]
import { OllamaModel } from '../src/engine/model/ollama';
import { generateProblems } from '../src/engine/model/sim/problems';
import { solve } from '../src/engine/solve';
import type { SolveResult } from '../src/engine/solve';
import { DEFAULT_MODELS, DEFAULT_REGISTRY, startStandin } from '../src/standin';
import { option } from './support/options';


const PROBLEMS = option('problems', 20);
const SEED = option('seed', 5);
const GENERATOR = 'qwen2.5:1.5b';
/** A second model of the same size, pulled (the stand-in's reasoner judges alike whatever the name). */
const JUDGE = 'qwen2-math:1.5b';
const INSTALLED = [...DEFAULT_MODELS, ...DEFAULT_REGISTRY.filter((m) => m.name === JUDGE)];

interface Setting {
  readonly label: string;
  readonly slots: number;
  readonly parallelism: number;
  readonly separateJudge: boolean;
  /** OLLAMA_MULTIUSER_CACHE=1: cached prefixes are forked into other slots. */
  readonly multiUserCache?: boolean;
}

const SETTINGS: Setting[] = [
  { label: 'Ollama defaults: 1 slot', slots: 1, parallelism: 4, separateJudge: false },
  { label: '1 slot each, judge a second model', slots: 1, parallelism: 4, separateJudge: true },
  { label: '4 slots, 4 at once, one model', slots: 4, parallelism: 4, separateJudge: false },
  { label: '4 slots each, 4 at once, judge a second model', slots: 4, parallelism: 4, separateJudge: true },
  { label: '4 slots, 4 at once, one model, multi-user cache', slots: 4, parallelism: 4, separateJudge: false, multiUserCache: true },
];
const BEAMS: readonly [number, number][] = [
  [4, 2],
  [8, 4],
  [16, 4],
];

interface Measure {
  evaluated: number;
  cached: number;
  /** Per problem, what the tree holds (to check both runs built the same one). */
  trees: string[];
  generatorPrompt: number;
  verifierPrompt: number;
}

async function measure(setting: Setting, beamWidth: number, expansions: number, cache: boolean): Promise<Measure> {
  const standin = await startStandin({ parallel: setting.slots, cache, multiUserCache: setting.multiUserCache ?? false, models: INSTALLED });
  const model = new OllamaModel({ host: standin.url, model: GENERATOR, numCtx: 4096, slots: setting.slots * (setting.separateJudge ? 2 : 1) });
  const problems = generateProblems({ count: PROBLEMS, seed: SEED, difficulty: 'mixed' });
  const trees: string[] = [];
  let generatorPrompt = 0;
  let verifierPrompt = 0;
  try {
    for (const [i, problem] of problems.entries()) {
      const result = await solve(problem.problem, {
        model,
        strategy: 'beam',
        beamWidth,
        expansions,
        parallelism: setting.parallelism,
        seed: SEED * 1000 + i,
        ...(setting.separateJudge ? { verifierModel: JUDGE } : {}),
        runId: `prefix-${i}`,
      });
      trees.push(signature(result));
      generatorPrompt += result.usageByPurpose.generator.promptTokens;
      verifierPrompt += result.usageByPurpose.verifier.promptTokens;
    }
    const stats = standin.stats();
    return { evaluated: stats.promptTokensEvaluated, cached: stats.promptTokensCached, trees, generatorPrompt, verifierPrompt };
  } finally {
    await model.close();
    await standin.close();
  }
}

/** The tree's content, independent of the order its nodes were created in. */
function signature(result: SolveResult): string {
  return result.tree.nodes
    .filter((n) => n.kind !== 'decision')
    .map((n) => `${n.depth}|${n.kind}|${n.status}|${n.text}|${n.score ?? ''}`)
    .sort()
    .join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Beam search through the Ollama stand-in on ${PROBLEMS} generated problems (seed ${SEED}), cache on vs off at the same tree.`);
  console.log('Prompt tokens evaluated by the server (prompt_eval_count summed); ratio = with cache / re-sending everything.\n');
  const header = ['setting', 'N', 'M', 'with cache', 'no cache', 'ratio', 'gen ratio', 'judge ratio', 'same tree'];
  const widths = [48, 3, 2, 11, 10, 7, 10, 12, 10];
  console.log(header.map((h, i) => (i === 0 ? h.padEnd(widths[0] ?? 0) : h.padStart(widths[i] ?? 8))).join(' '));
  for (const setting of SETTINGS) {
    for (const [beamWidth, expansions] of BEAMS) {
      const on = await measure(setting, beamWidth, expansions, true);
      const off = await measure(setting, beamWidth, expansions, false);
      const same = on.trees.every((tree, i) => tree === off.trees[i]);
      const row = [
        setting.label.padEnd(widths[0] ?? 0),
        String(beamWidth),
        String(expansions),
        String(on.evaluated),
        String(off.evaluated),
        pct(on.evaluated / off.evaluated),
        pct(on.generatorPrompt / off.generatorPrompt),
        pct(on.verifierPrompt / off.verifierPrompt),
        same ? 'yes' : 'NO',
      ];
      console.log(row.map((cell, i) => (i === 0 ? cell : cell.padStart(widths[i] ?? 8))).join(' '));
    }
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
