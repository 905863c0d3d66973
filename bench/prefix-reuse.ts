// Prefix reuse in step-level beam search, measured with what a real Ollama server reports. Its
// prompt_eval_count is the whole prompt, cached tokens included, so the cache shows only in
// prompt_eval_duration: the time spent evaluating the prompt. Beam search runs through the Ollama stand-in
// (real HTTP, the real `ollama` client) twice per setting, with the stand-in's prefix cache on and off and
// the same seeds, so both runs build the same tree (checked). The stand-in takes a fixed time per prompt
// token it evaluates (PROMPT_TOKEN_MS); printed: prompt_eval_duration summed over every call Ponder made,
// with the cache against the same prompts uncached, and their ratio; the target is at most 25%.
//
// Settings: the server's slots (OLLAMA_NUM_PARALLEL; Ollama's default is 1) and Ponder's parallelism;
// whether the judge is a second model (its own runner and slots), which keeps the judge's prompts from
// evicting the generator's cached prefixes (it must be other weights: Ollama keys runners by the weights
// file, so a name made by `ollama cp` shares the generator's runner and slots); and, with several slots,
// which runner the server imitates: Ollama 0.30 and later (llama-server's slots and its prompt cache in
// RAM, the stand-in's default) or the Go runner of 0.13.0, with and without OLLAMA_MULTIUSER_CACHE.
//
//   npx tsx bench/prefix-reuse.ts [--problems 20] [--seed 5]
import { OllamaModel } from '../src/engine/model/ollama';
import type { GenerationEvent, GenerationRequest, LanguageModel, ModelCapabilities } from '../src/engine/model/types';
import { isVerificationPrompt } from '../src/engine/prompts/verify';
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
/** Prompt evaluation time per token the server evaluates (a fast GPU's order; only ratios are printed). */
const PROMPT_TOKEN_MS = 0.01;

interface Setting {
  readonly label: string;
  readonly slots: number;
  readonly parallelism: number;
  readonly separateJudge: boolean;
  /** The Ollama version imitated (default: the stand-in's, 0.30 or later). */
  readonly version?: string;
  /** OLLAMA_MULTIUSER_CACHE=1 (Go runner only): cached prefixes are forked into other slots. */
  readonly multiUserCache?: boolean;
}

const SETTINGS: Setting[] = [
  { label: 'Ollama defaults: 1 slot', slots: 1, parallelism: 4, separateJudge: false },
  { label: '1 slot each, judge a second model', slots: 1, parallelism: 4, separateJudge: true },
  { label: '4 slots, 4 at once, one model', slots: 4, parallelism: 4, separateJudge: false },
  { label: '4 slots each, 4 at once, judge a second model', slots: 4, parallelism: 4, separateJudge: true },
  { label: 'Go runner (0.13.0): 1 slot', slots: 1, parallelism: 4, separateJudge: false, version: '0.13.0' },
  { label: 'Go runner: 4 slots, 4 at once, one model', slots: 4, parallelism: 4, separateJudge: false, version: '0.13.0' },
  { label: 'Go runner: 4 slots, one model, multi-user cache', slots: 4, parallelism: 4, separateJudge: false, version: '0.13.0', multiUserCache: true },
];
const BEAMS: readonly [number, number][] = [
  [4, 2],
  [8, 4],
  [16, 4],
];

interface Measure {
  /** prompt_eval_duration summed, ms: all calls, the generator's, the judge's. */
  evalMs: number;
  generatorMs: number;
  verifierMs: number;
  /** prompt_eval_count summed (the whole prompts: the same with or without the cache). */
  promptTokens: number;
  /** Per problem, what the tree holds (to check both runs built the same one). */
  trees: string[];
}

/** Sums what the server reported for each call, by role, as the client sees it. */
class UsageTap implements LanguageModel {
  readonly label: string;
  generatorMs = 0;
  verifierMs = 0;
  promptTokens = 0;

  constructor(private readonly inner: LanguageModel) {
    this.label = inner.label;
  }

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
    const judging = request.messages.some((m) => m.role === 'user' && isVerificationPrompt(m.content));
    for await (const event of this.inner.generate(request, signal)) {
      if (event.type === 'done') {
        if (judging) this.verifierMs += event.usage.promptEvalDurationMs;
        else this.generatorMs += event.usage.promptEvalDurationMs;
        this.promptTokens += event.usage.promptTokens;
      }
      yield event;
    }
  }

  capabilities(signal: AbortSignal, model?: string): Promise<ModelCapabilities> {
    return this.inner.capabilities(signal, model);
  }
}

async function measure(setting: Setting, beamWidth: number, expansions: number, cache: boolean): Promise<Measure> {
  const standin = await startStandin({
    parallel: setting.slots,
    cache,
    promptEvalLatencyMs: PROMPT_TOKEN_MS,
    ...(setting.version !== undefined ? { version: setting.version } : {}),
    multiUserCache: setting.multiUserCache ?? false,
    models: INSTALLED,
  });
  const ollama = new OllamaModel({ host: standin.url, model: GENERATOR, numCtx: 4096, slots: setting.slots * (setting.separateJudge ? 2 : 1) });
  const model = new UsageTap(ollama);
  const problems = generateProblems({ count: PROBLEMS, seed: SEED, difficulty: 'mixed' });
  const trees: string[] = [];
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
    }
    return {
      evalMs: model.generatorMs + model.verifierMs,
      generatorMs: model.generatorMs,
      verifierMs: model.verifierMs,
      promptTokens: model.promptTokens,
      trees,
    };
  } finally {
    await ollama.close();
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
  console.log(
    `prompt_eval_duration summed (ms; the stand-in takes ${PROMPT_TOKEN_MS} ms per prompt token it evaluates); ratio = with cache / the same prompts uncached.`,
  );
  console.log('prompt_eval_count is the whole prompt either way (as Ollama reports it); "same count" checks that.\n');
  const header = ['setting', 'N', 'M', 'with cache', 'no cache', 'ratio', 'gen ratio', 'judge ratio', 'same count', 'same tree'];
  const widths = [48, 3, 2, 11, 10, 7, 10, 12, 11, 10];
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
        on.evalMs.toFixed(0),
        off.evalMs.toFixed(0),
        pct(on.evalMs / off.evalMs),
        pct(on.generatorMs / off.generatorMs),
        pct(on.verifierMs / off.verifierMs),
        on.promptTokens === off.promptTokens ? 'yes' : 'NO',
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
