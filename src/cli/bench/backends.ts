// Where samples come from: recorded files (replay), the simulated reasoner, or an Ollama server. Each
// backend hands out one stream per (problem, repeat); see streams.ts.
import { OllamaModel } from '../../engine/model/ollama';
import { generateProblems } from '../../engine/model/sim/problems';
import { SimulatedModel } from '../../engine/model/sim/simulated-model';
import type { LanguageModel } from '../../engine/model/types';
import type { PolicyThink } from '../../engine/stopping/policy';
import { BudgetLedger } from '../../engine/budget/ledger';
import { createVerifier } from '../../engine/verify/create';
import type { Verifier } from '../../engine/verify/types';
import type { BackendName, BenchDataset, BenchProblem, GradeTask } from './datasets';
import { chooseOpenAIModel } from '../openai-choice';
import { prmVerifierOption } from '../prm-option';
import { UsageError } from '../read-problem';
import type { LiveSettings } from './live';
import { liveStream } from './live';
import type { DrawnSample, SampleStream } from './streams';
import { replayStream } from './streams';

export interface Backend {
  readonly name: BackendName;
  readonly label: string;
  /** Samples carry wall times worth reporting. */
  readonly timed: boolean;
  /** Keep drawn samples in the checkpoint (they cost real compute). */
  readonly keepSamples: boolean;
  streamFor(dataset: BenchDataset, problem: BenchProblem, repeat: number, previous: readonly DrawnSample[] | undefined): SampleStream;
  close(): Promise<void>;
}

export interface BackendSettings {
  readonly seed: number;
  readonly maxBudget: number;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly concurrency: number;
  readonly host?: string;
  readonly baseUrl?: string;
  readonly model?: string;
  /** --backend openai: where the API key is read (PONDER_API_KEY, OPENAI_API_KEY). */
  readonly env?: NodeJS.ProcessEnv;
  /** Score every sample with the verifier (weighted votes need scores). */
  readonly verify: boolean;
  /** --verifier prm: the PRM options as given. */
  readonly prm?: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** --think-budgets above 0: the model must be able to think. */
  readonly needsThinking?: boolean;
}

export function replayBackend(seed: number): Backend {
  return {
    name: 'replay',
    label: 'replay of recorded samples',
    timed: false,
    keepSamples: false,
    streamFor: (_dataset, problem, repeat) => replayStream(problem, seed, repeat),
    close: () => Promise.resolve(),
  };
}

export async function liveBackend(name: 'sim' | 'ollama' | 'openai', settings: BackendSettings): Promise<Backend> {
  // Streams of one (problem, repeat) at several thinking budgets share their answer keys.
  const keysOf = new Map<string, string[]>();
  const sharedKeys = (dataset: BenchDataset, problem: BenchProblem, repeat: number): string[] => {
    const key = JSON.stringify([dataset.base ?? dataset.name, problem.id, repeat]);
    let keys = keysOf.get(key);
    if (!keys) keysOf.set(key, (keys = []));
    return keys;
  };
  const model: LanguageModel & { close?: () => Promise<void> } =
    name === 'sim'
      ? new SimulatedModel()
      : name === 'openai'
        ? openAIModel(settings)
        : new OllamaModel({ model: settings.model ?? '', ...(settings.host ? { host: settings.host } : {}), slots: settings.concurrency });
  let verifier: Verifier | undefined;
  /** With the PRM: the judge too, scoring the same samples for the comparison at equal tokens. */
  let judge: Verifier | undefined;
  let logprobs = false;
  try {
    // Token confidence needs log-probabilities, which older servers do not return.
    const capabilities = await model.capabilities(settings.signal);
    logprobs = capabilities.logprobs;
    if (settings.needsThinking && !capabilities.thinking) {
      throw new UsageError(`${model.label} cannot think, so --think-budgets above 0 cannot run on it: use a thinking model (qwen3, deepseek-r1, …) or --think-budgets 0`);
    }
  } catch (error) {
    if (model.close) await model.close();
    throw error;
  }
  if (settings.verify) {
    try {
      // The bench reports compute per strategy itself; this ledger only has to let every call through.
      const ledger = new BudgetLedger({ tokenCap: Number.MAX_SAFE_INTEGER });
      const prm = settings.prm ? prmVerifierOption(settings.prm, settings.env ?? process.env) : undefined;
      verifier = prm ? prm(ledger) : await createVerifier({ model, ledger, seed: settings.seed }, settings.signal);
      if (prm) judge = await createVerifier({ model, ledger, seed: settings.seed }, settings.signal);
    } catch (error) {
      if (model.close) await model.close();
      throw error;
    }
  }
  return {
    name,
    label: `${model.label}${verifier ? `; samples scored by the ${verifier.description}` : ''}`,
    timed: true,
    keepSamples: true,
    streamFor: (dataset, problem, repeat, previous) =>
      liveStream(
        model,
        {
          seed: settings.seed,
          temperature: settings.temperature,
          maxTokens: settings.maxTokens,
          task: dataset.task ?? 'gsm8k',
          parallel: 1,
          logprobs,
          ...(verifier ? { verifier } : {}),
          ...(dataset.thinkBudget === undefined ? {} : { thinkBudget: dataset.thinkBudget }),
          ...(dataset.think ? liveThink(dataset.think) : {}),
          ...(judge ? { judge } : {}),
        },
        problem,
        repeat,
        settings.maxBudget,
        settings.signal,
        previous,
        sharedKeys(dataset, problem, repeat),
      ),
    close: async () => {
      if (model.close) await model.close();
    },
  };
}

/** A policy's think setting as the live stream asks for it: the mode (a level as it is) and any budget. */
function liveThink(think: PolicyThink): Pick<LiveSettings, 'think' | 'thinkBudget'> {
  if (think.mode === 'off') return { thinkBudget: 0 };
  return { think: think.mode === 'on' ? true : think.mode, ...(think.budget === undefined ? {} : { thinkBudget: think.budget }) };
}

/** One OpenAI-compatible endpoint, or a pool of them (each with --concurrency slots). */
function openAIModel(settings: BackendSettings): LanguageModel & { close: () => Promise<void> } {
  const choice = chooseOpenAIModel({ baseUrl: settings.baseUrl, model: settings.model, parallel: settings.concurrency, env: settings.env ?? process.env });
  const { model } = choice;
  return {
    label: model.label,
    generate: (request, signal) => model.generate(request, signal),
    capabilities: (signal, name) => model.capabilities(signal, name),
    close: () => choice.close(),
  };
}

/** Problems generated for the simulated reasoner, levels 1–5 mixed. */
export function simDataset(count: number, seed: number): BenchDataset {
  const problems = generateProblems({ count, seed }).map((p) => ({ id: p.id, problem: p.problem, gold: p.gold, level: p.difficulty, samples: [] }));
  const task: GradeTask = 'gsm8k';
  return {
    name: 'sim',
    task,
    problems,
    maxRecorded: 0,
    hasScores: false,
    notes: [`${count} problems generated for the simulated reasoner (seed ${seed}), difficulty levels 1–5 mixed.`],
    lineErrors: [],
    fingerprint: `sim:${count}:${seed}`,
  };
}
