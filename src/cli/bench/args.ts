// `ponder bench` options (node:util parseArgs), checked with messages that say what is allowed.
import { parseArgs } from 'node:util';
import { integerOption, numberOption, ollamaHostOption } from '../options';
import { UsageError } from '../read-problem';
import type { BackendName } from './datasets';
import { DEFAULT_STRATEGIES } from './strategies';

export const BENCH_HELP = `ponder bench: measure accuracy against compute.

Usage:
  ponder bench --dataset game24 [--backend replay] [options]
  ponder bench --dataset gsm8k --backend ollama --model qwen2.5:1.5b --limit 50 --budgets 1,2,4,8

Options:
  --dataset LIST       comma-separated: gsm8k, math500, game24 (the shipped sets: recorded samples for
                       replay, the problems for live backends), a JSONL file, or sim (generated problems
                       for the simulated reasoner). Default: game24 for replay, sim for sim.
  --backend NAME       replay (recorded samples, default) | sim (the simulated reasoner) | ollama |
                       openai (an OpenAI-compatible server: vLLM, SGLang, llama.cpp, LM Studio)
  --strategies LIST    default ${DEFAULT_STRATEGIES}
                       majority, weighted (needs verifier scores), esc:<window>, beta:<threshold>,
                       posterior:<threshold>, adaptive; an oracle row (perfect stopping) is always added
  --budgets LIST       most samples per problem, e.g. 1,2,4,8,16. Default: replay, powers of two up to
                       the samples recorded per problem (and that number); live, 1,2,4,8,16
  --repeats R          random orders (replay) or sampling repeats per problem; default 20 replay, 1 live
  --limit N            the first N problems of each dataset (sim: how many to generate, default 100)
  --concurrency C      problems in flight at once (live backends; default 4)
  --out DIR            where results.json, report.md and the plots go (default bench/out/<datasets>-<backend>)
  --seed S             orders, splits and sampling seeds (default 1); the same seed gives the same numbers
  --policy FILE        the adaptive policy (JSON; default: the built-in one)
  --fit-policy         fit the adaptive policy per difficulty bin (cross-validated, see --fit-folds; the
                       learned stopping model is fitted on each fold's fitting problems) and write
                       <out>/policy.json
  --fit-cuts           with --fit-policy: also set the difficulty cuts at the quintiles of the probe's
                       estimates on the data, so each bin holds a fifth of the problems for this model
  --fit-folds K        with --fit-policy: cross-validation folds (default 2, halves); each problem is
                       scored by the policy fitted on the other folds
  --fit-tolerance PTS  accuracy points a bin may give up for fewer samples when fitting (default 0.1)
  --think-budgets LIST thinking-token budgets per sample, e.g. 0,256,1024,4096 (0: no thinking); live
                       backends only. Every strategy and budget runs at each one, and the report plots
                       accuracy against total tokens (thinking, answer and verification) with one curve per
                       thinking budget. With --fit-policy the fit also chooses the thinking budgets, with
                       tokens as the cost: for each probe (its thinking budget and 2 or 4 samples) one
                       setting for every bin, the cheapest that confidently reaches the best fixed
                       setting, then per difficulty bin a cheaper one where it confidently loses nothing;
                       the probe whose policy costs least wins. It reads each problem's samples in 8
                       orders, and prints the fitted policy against every fixed setting on the problems
                       each fold was not fitted on, every setting in the same 8 orders
  --fresh              ignore a checkpoint in --out and start again
  --host URL           Ollama's address (default http://127.0.0.1:11434)
  --base-url URLS      --backend openai: base URL(s), comma-separated; requests go to the endpoint with the
                       fewest outstanding, up to --concurrency at each; API key from PONDER_API_KEY or
                       OPENAI_API_KEY
  --model NAME         the model to sample (required for --backend ollama and openai)
  --temperature T      sampling temperature for live backends (default 0.7)
  --max-tokens N       most tokens per sample for live backends (default 1024)
  --verify             live backends: score each sample's last step with the verifier (log-probability
                       judge, or sampled judgements without log-probabilities), for weighted votes
  --verifier V         with --verify: judge (default) | prm, a trained process reward model served by vLLM's
                       /pooling (--verifier-model, default Qwen/Qwen2.5-Math-PRM-7B; --verifier-base-url,
                       default the first --base-url; --prm-style qwen | math-shepherd); the judge scores
                       the same samples too, and both are compared at equal tokens (verifiers-<set>.md)
  -h, --help           this text

An interrupted run (Ctrl-C) keeps what it finished; the same command resumes it.
`;

export interface BenchArgs {
  readonly datasets: string[];
  readonly backend: BackendName;
  readonly strategies: string;
  readonly budgets?: number[];
  readonly repeats?: number;
  readonly limit?: number;
  readonly concurrency: number;
  readonly out?: string;
  readonly seed: number;
  readonly policy?: string;
  readonly fitPolicy: boolean;
  readonly fitTolerance: number;
  readonly fitCuts: boolean;
  readonly fitFolds: number;
  /** Thinking budgets per sample (0 = no thinking), ascending; absent: the model's own setting. */
  readonly thinkBudgets?: number[];
  readonly fresh: boolean;
  readonly host?: string;
  readonly baseUrl?: string;
  readonly model?: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly verify: boolean;
  /** --verifier prm and its endpoint, as given (checked by prmVerifierOption). */
  readonly prm?: Readonly<Record<string, string | undefined>>;
  readonly help: boolean;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      backend: { type: 'string' },
      strategies: { type: 'string' },
      budgets: { type: 'string' },
      repeats: { type: 'string' },
      limit: { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      policy: { type: 'string' },
      'fit-policy': { type: 'boolean' },
      'fit-tolerance': { type: 'string' },
      'fit-cuts': { type: 'boolean' },
      'fit-folds': { type: 'string' },
      'think-budgets': { type: 'string' },
      fresh: { type: 'boolean' },
      host: { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string' },
      temperature: { type: 'string' },
      'max-tokens': { type: 'string' },
      verify: { type: 'boolean' },
      verifier: { type: 'string' },
      'verifier-model': { type: 'string' },
      'verifier-base-url': { type: 'string' },
      'prm-style': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}": give the dataset with --dataset`);
  if (values.verifier !== undefined && values.verifier !== 'judge' && values.verifier !== 'prm') throw new UsageError(`--verifier must be judge or prm, not "${values.verifier}"`);
  if (values.verifier === 'prm' && !values.verify) throw new UsageError('--verifier prm scores live samples: add --verify');
  if (values.verify && (values.backend ?? 'replay') === 'replay') throw new UsageError('--verify scores live samples; recorded samples carry the scores their file has');
  const backend = (values.backend ?? 'replay').toLowerCase();
  if (backend !== 'replay' && backend !== 'sim' && backend !== 'ollama' && backend !== 'openai') {
    throw new UsageError(`--backend must be replay, sim, ollama or openai, not "${values.backend}"`);
  }
  if (backend === 'openai' && !values.help && (!values.model || !values['base-url'])) {
    throw new UsageError('--backend openai needs --base-url URL and --model NAME (a name the server lists at /v1/models)');
  }
  if (backend !== 'openai' && values['base-url'] !== undefined) throw new UsageError('--base-url is for --backend openai');
  if (backend === 'ollama' && !values.model && !values.help) throw new UsageError('--backend ollama needs --model NAME (a model `ollama list` shows)');
  const datasets = (values.dataset ?? (backend === 'sim' ? 'sim' : 'game24'))
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d.length > 0);
  if (datasets.length === 0) throw new UsageError('--dataset is empty');
  if (new Set(datasets).size !== datasets.length) throw new UsageError('--dataset names a dataset twice');
  const budgets = values.budgets === undefined ? undefined : parseBudgets(values.budgets);
  const thinkBudgets = values['think-budgets'] === undefined ? undefined : parseThinkBudgets(values['think-budgets']);
  if (thinkBudgets && backend === 'replay') {
    throw new UsageError('--think-budgets draws new samples at each thinking budget: use --backend sim, ollama or openai (recorded samples have the thinking they were recorded with)');
  }
  const fitTolerance = numberOption('--fit-tolerance', values['fit-tolerance'], { min: 0, max: 100 }) ?? 0.1;
  if (values['fit-cuts'] && !values['fit-policy']) throw new UsageError('--fit-cuts sets the cuts of a fitted policy: add --fit-policy');
  if (values['fit-folds'] !== undefined && !values['fit-policy']) throw new UsageError('--fit-folds sets the cross-validation of a fitted policy: add --fit-policy');
  return {
    datasets,
    backend,
    strategies: values.strategies ?? '',
    ...(budgets ? { budgets } : {}),
    ...optional('repeats', integerOption('--repeats', values.repeats, { min: 1, max: 100_000 })),
    ...optional('limit', integerOption('--limit', values.limit, { min: 1 })),
    concurrency: integerOption('--concurrency', values.concurrency, { min: 1, max: 256 }) ?? 4,
    ...optional('out', values.out),
    seed: integerOption('--seed', values.seed, { min: 0, max: 2 ** 31 - 1 }) ?? 1,
    ...optional('policy', values.policy),
    fitPolicy: values['fit-policy'] ?? false,
    fitTolerance: fitTolerance / 100,
    fitCuts: values['fit-cuts'] ?? false,
    fitFolds: integerOption('--fit-folds', values['fit-folds'], { min: 2, max: 20 }) ?? 2,
    ...(thinkBudgets ? { thinkBudgets } : {}),
    fresh: values.fresh ?? false,
    ...optional('host', ollamaHostOption('--host', values.host)),
    ...optional('baseUrl', values['base-url']),
    ...optional('model', values.model),
    temperature: numberOption('--temperature', values.temperature, { min: 0, max: 5 }) ?? 0.7,
    maxTokens: integerOption('--max-tokens', values['max-tokens'], { min: 1, max: 1_000_000 }) ?? 1024,
    verify: values.verify ?? false,
    ...(values.verifier === 'prm'
      ? { prm: { verifier: 'prm', 'verifier-model': values['verifier-model'], 'verifier-base-url': values['verifier-base-url'], 'prm-style': values['prm-style'], 'base-url': values['base-url'] } }
      : {}),
    help: values.help ?? false,
  };
}

function parseBudgets(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0) throw new UsageError('--budgets is empty: give sample counts such as 1,2,4,8');
  const budgets = parts.map((p) => integerOption('--budgets', p, { min: 1, max: 100_000 }) as number);
  return [...new Set(budgets)].sort((a, b) => a - b);
}

/** `0,256,1024,4096`: whole numbers of thinking tokens per sample, 0 meaning no thinking; sorted, no repeats. */
export function parseThinkBudgets(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0) throw new UsageError('--think-budgets is empty: give thinking-token budgets such as 0,256,1024,4096 (0 = no thinking)');
  const budgets = parts.map((p) => {
    if (!/^\d+$/.test(p)) throw new UsageError(`--think-budgets: "${p}" is not a whole number of thinking tokens (give budgets such as 0,256,1024,4096; 0 = no thinking)`);
    const n = Number(p);
    if (n > 1_000_000) throw new UsageError(`--think-budgets: ${p} is more thinking than any model's context holds (at most 1000000)`);
    return n;
  });
  if (new Set(budgets).size !== budgets.length) throw new UsageError(`--think-budgets names a budget twice: ${text}`);
  return [...budgets].sort((a, b) => a - b);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
