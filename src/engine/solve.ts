// The engine's one entry point: a problem and options in, an answer with its confidence, the whole
// reasoning tree and the compute spent out. The CLI, the server and the benchmarks all call this.
//
// Cancellation: aborting `signal` stops the calls in flight, marks their streaming nodes failed with the
// reason "cancelled", and `solve` RESOLVES with what was found so far, flagged `cancelled: true` (it does
// not reject with an AbortError), so a caller can still show the partial answer and tree.
// Failures: a failed chain is marked failed in the tree and the search goes on with the others; when
// every model call fails (or the verifier cannot be set up), `solve` rejects with that error.
import type { ConsistencyPrior } from './stopping/consistency-prior';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { TreeDelta, TreeSnapshot, UsageTotals } from '../protocol/tree';
import type { PurposeTotals } from './budget/ledger';
import { BudgetLedger } from './budget/ledger';
import { describeModelError } from './model/errors';
import type { LanguageModel, ThinkSetting } from './model/types';
import type { AnswerTools } from './search/answer-tools';
import type { RevisionSelection, StrategyParams } from './search/params';
import type { Policy } from './stopping/policy';
import { defaultAnswerTools } from './search/answer-tools';
import { PARAM_NAMES } from './search/params';
import { getStrategy, strategyNames } from './search/registry';
import type { SampleCounts, SearchContext, SearchOptions, StopReason } from './search/types';
import type { Disposable } from './tree/emitter';
import { ReasoningTree } from './tree/tree';
import type { Aggregation } from './verify/aggregate';
import { isAggregation } from './verify/aggregate';
import type { VerifierChoice } from './verify/create';
import { createVerifier } from './verify/create';
import { describeForcing, generationThinking } from './model/thinking';
import type { ThinkingPlan } from './model/thinking';
import type { Verifier, VerifierMethod } from './verify/types';

export interface SolveOptions {
  /** The generator (and, by default, the verifier). */
  model: LanguageModel;
  /** Generator model name for backends that serve several; default: the backend's own. */
  generatorModel?: string;
  /** A separate verifier model served by the same backend; default: the generator's model. */
  verifierModel?: string;
  /** A registered strategy name ('adaptive', 'majority', 'weighted', 'beam', 'dvts', 'lookahead', 'revisions'). Default 'adaptive'. */
  strategy?: string;
  /** Chains to sample (N). Default 8. */
  samples?: number;
  /** Hard cap on generated tokens for the whole problem, verification included. Default: enough for N full chains (plus a quarter for verification when the strategy verifies). */
  tokenCap?: number;
  /** Optional cap on model calls. */
  callCap?: number;
  /** maxTokens of one chain. Default 1024. */
  maxTokensPerSample?: number;
  /** A chain is not started with fewer tokens than this left. Default min(64, maxTokensPerSample). */
  minTokensPerSample?: number;
  /** Default 0.8. */
  temperature?: number;
  /** Chains generated at once. Default 4. */
  parallelism?: number;
  /** How step scores make a chain score. Default 'min' (see DEFAULTS). */
  aggregation?: Aggregation;
  /** Sample i uses seed + i. Default 0. */
  seed?: number;
  /** Which verifier: chosen from the model's capabilities ('auto', default), forced, or built by a factory. */
  verifier?: VerifierChoice | ((ledger: BudgetLedger) => Verifier);
  /** Judgements per step for the sampled verifier. */
  verifierSamples?: number;
  /** Answer extraction and equivalence. Default: the engine's answers module. */
  answers?: AnswerTools;
  /** Default: a random UUID. */
  runId?: string;
  /**
   * Ask a thinking model for its hidden trace (`true`), not to think (`false`), or to think at a level (gpt-oss
   * takes only levels; other models treat a level as on). Kept on the nodes (collapsed), counted in the
   * budget. Default: the backend's.
   */
  think?: boolean | 'low' | 'medium' | 'high';
  /**
   * Thinking tokens per sample (per generation), forced: at the budget the trace is closed and the model
   * answers from it (model/ollama/think-force.ts). Undefined: no budget.
   */
  thinkBudget?: number;
  /** Below this many thinking tokens a trace that closes is reopened with "Wait" and goes on (s1). Needs thinkBudget; at most it. */
  thinkMinTokens?: number;
  /** Show thinking traces to the verifier too. Default false. */
  verifierSeesThinking?: boolean;
  /** beam, dvts, lookahead: candidate steps per round (N). Default: samples. */
  beamWidth?: number;
  /** beam, dvts, lookahead: expansions per kept chain (M); N/M chains (DVTS: subtrees) are kept. Default 4. */
  expansions?: number;
  /** beam, dvts, lookahead: most steps in a chain. Default 40. */
  maxDepth?: number;
  /** beam, dvts, lookahead: maxTokens of one step. Default min(256, maxTokensPerSample). */
  maxTokensPerStep?: number;
  /** lookahead: steps rolled out at temperature 0 before scoring (k; 0 = beam search). Default 2. */
  lookahead?: number;
  /** revisions: parallel revision chains. Default ceil(samples / revisionLength). */
  revisionChains?: number;
  /** revisions: attempts per chain, the first solution included. Default min(4, samples). */
  revisionLength?: number;
  /** revisions: choose among all attempts by verifier-weighted vote or by majority vote. Default 'verifier'. */
  revisionSelect?: RevisionSelection;
  /** revisions: most earlier attempts shown to the model. Default 4. */
  revisionContext?: number;
  /** adaptive: the policy, or the path of its JSON file. Default: the built-in one. */
  policy?: Policy | string;
  /** adaptive: the confidence at which sampling stops, overriding the policy's per-bin thresholds. */
  confidence?: number;
  /**
   * adaptive: how consistent this model has been on the caller's earlier problems (the language server keeps
   * one per model). Under a policy with `consistencyPrior`, a unanimous first sample may settle a problem;
   * the problem is recorded into it when it finishes.
   */
  consistencyPrior?: ConsistencyPrior;
  /** Receives every tree delta, in order, from the first one after the problem node. */
  onDelta?: (delta: TreeDelta) => void;
  /** Receives the tree right after it is created (snapshot it, subscribe to it). */
  onTree?: (tree: ReasoningTree) => void;
  /** Where errors thrown by delta listeners go; they never reach the search. */
  onListenerError?: (error: unknown) => void;
}

export interface SolveResult {
  /** The chosen normalised answer; undefined when no chain stated one. */
  answer: string | undefined;
  /** The chosen answer's share of the (weighted) vote in [0, 1]. */
  confidence: number;
  tree: TreeSnapshot;
  usage: UsageTotals;
  /** Spending of the generator and of the verifier apart. */
  usageByPurpose: { generator: PurposeTotals; verifier: PurposeTotals };
  stopReason: StopReason;
  /** The signal fired: the result is what was found before it did. */
  cancelled: boolean;
  strategy: string;
  verifier?: { method: VerifierMethod; description: string };
  samples: SampleCounts;
}

// Aggregation defaults to `min`, not Snell et al.'s `last`: their PRM predicts whether the whole solution ends
// correct, so its last score summarises the chain; Ponder's judge rates one step at a time, so a chain is only
// as sound as its weakest step (bench/strategies.ts measures last, min, product and mean side by side).
const DEFAULTS = { strategy: 'adaptive', samples: 8, maxTokensPerSample: 1024, temperature: 0.8, parallelism: 4, aggregation: 'min', seed: 0 } as const;

export async function solve(problem: string, asked: SolveOptions, callerSignal?: AbortSignal): Promise<SolveResult> {
  // A model that cannot attempt the problem at all (the demo model on anything but arithmetic) writes one
  // chain that says why, by majority of one: a search would only multiply the same refusal.
  const outOfReach = asked.model.outOfReach?.(problem);
  const options: SolveOptions = outOfReach === undefined ? asked : { ...asked, strategy: 'majority', samples: 1 };
  const strategyName = options.strategy ?? DEFAULTS.strategy;
  const definition = getStrategy(strategyName);
  if (!definition) throw new Error(`unknown strategy "${strategyName}"; known: ${strategyNames().join(', ')}`);
  const search = searchOptions(options);
  // Known before the cap: a thinking model's sample is its trace and its text, and each of its calls reserves
  // room for both, so the default cap counts the trace allowance (model/thinking.ts) in every sample.
  const thinking = await planGeneratorThinking(options, search, callerSignal);
  const perSample = search.maxTokensPerSample + thinking.allowance;
  const tokenCap = options.tokenCap ?? Math.ceil(search.samples * perSample * (definition.needsVerifier ? 1.25 : 1));
  const ledger = new BudgetLedger({ tokenCap, ...(options.callCap === undefined ? {} : { callCap: options.callCap }) });
  const tree = new ReasoningTree({
    runId: options.runId ?? randomUUID(),
    problem,
    strategy: strategyName,
    tokenCap: ledger.tokenCap,
    ...(options.onListenerError ? { onListenerError: options.onListenerError } : {}),
  });
  options.onTree?.(tree);
  // One run can have many calls in flight, each listening to the signal: a signal of the run's own,
  // linked to the caller's, carries them without Node's warning about "too many listeners".
  const run = new AbortController();
  setMaxListeners(0, run.signal);
  const signal = run.signal;
  const forwardAbort = (): void => run.abort(callerSignal?.reason);
  if (callerSignal?.aborted) forwardAbort();
  else callerSignal?.addEventListener('abort', forwardAbort, { once: true });
  const subscriptions: Disposable[] = [{ dispose: () => callerSignal?.removeEventListener('abort', forwardAbort) }];
  if (options.onDelta) subscriptions.push(tree.subscribe(options.onDelta));
  subscriptions.push(
    ledger.onChange((usage) => {
      if (!tree.finished) tree.setUsage(usage);
    }),
  );

  let verifier: Verifier | undefined;
  const result = (outcome: Omit<SolveResult, 'tree' | 'usage' | 'usageByPurpose' | 'strategy' | 'verifier'>): SolveResult => {
    tree.setUsage(ledger.totals());
    tree.finish();
    return {
      ...outcome,
      tree: tree.snapshot(),
      usage: ledger.totals(),
      usageByPurpose: { generator: ledger.totalsFor('generate'), verifier: ledger.totalsFor('verify') },
      strategy: strategyName,
      ...(verifier ? { verifier: { method: verifier.method, description: verifier.description } } : {}),
    };
  };
  try {
    if (outOfReach !== undefined) {
      tree.decide({ kind: 'warning', message: outOfReach, data: { askedStrategy: asked.strategy ?? DEFAULTS.strategy } });
      // In the tree as well as among the decisions: it is why the tree has one chain.
      tree.add({ parentId: tree.rootId, kind: 'decision', text: outOfReach });
    }
    tree.decide({
      kind: 'strategy',
      message: `${definition.description}; N=${search.samples}, cap ${ledger.tokenCap} tokens`,
      data: { strategy: strategyName, samples: search.samples, tokenCap: ledger.tokenCap, maxTokensPerSample: search.maxTokensPerSample },
    });
    if (definition.needsVerifier) {
      verifier = await buildVerifier(options, ledger, search.seed, signal);
      tree.decide({ kind: 'strategy', message: `verifier: ${verifier.description}`, data: { method: verifier.method, aggregation: search.aggregation } });
    }
    if (thinking.budget !== undefined && !thinking.budget.allowance) {
      tree.decide({
        kind: 'strategy',
        message:
          `thinking budget: ${thinking.budget.maxTokens} tokens per generation` +
          `${thinking.budget.minTokens ? ` (below ${thinking.budget.minTokens}, "Wait" and think on)` : ''}; ${await forcingDescription(options, signal)}`,
        data: {
          thinkBudget: thinking.budget.maxTokens,
          ...(thinking.budget.minTokens ? { thinkMinTokens: thinking.budget.minTokens } : {}),
          ...(typeof thinking.think === 'string' ? { thinkLevel: thinking.think } : {}),
        },
      });
    } else if (search.thinkBudget !== undefined) {
      tree.decide({
        kind: 'warning',
        message: `the thinking budget of ${search.thinkBudget} tokens has no effect: ${
          search.think === false ? 'thinking is off' : 'this model does not report that it thinks'
        }`,
        data: { thinkBudget: search.thinkBudget },
      });
    }
    if ((thinking.budget === undefined || thinking.budget.allowance) && thinking.allowance > 0) {
      tree.decide({
        kind: 'strategy',
        message:
          `the model thinks before it writes: each generation gets ${thinking.allowance} more tokens for its trace` +
          `${thinking.budget?.allowance ? `; ${await forcingDescription(options, signal, 'allowance')}` : ''}`,
        data: { thinkingAllowance: thinking.allowance, ...(typeof thinking.think === 'string' ? { thinkLevel: thinking.think } : {}) },
      });
    }
    const context: SearchContext = {
      problem,
      model: options.model,
      thinking,
      ...(verifier ? { verifier } : {}),
      ledger,
      tree,
      signal,
      options: search,
      answers: options.answers ?? defaultAnswerTools,
    };
    const outcome = await definition.run(context);
    return result({ answer: outcome.answer, confidence: outcome.confidence, stopReason: outcome.stopReason, cancelled: signal.aborted, samples: outcome.samples });
  } catch (error) {
    if (signal.aborted) {
      // Cancelled before the search could start (e.g. while asking the verifier's capabilities).
      return result({ answer: undefined, confidence: 0, stopReason: 'cancelled', cancelled: true, samples: emptyCounts(search.samples) });
    }
    if (!tree.finished) {
      tree.decide({ kind: 'warning', message: `the search failed: ${describeModelError(error)}` });
      tree.setUsage(ledger.totals());
      tree.finish();
    }
    throw error;
  } finally {
    for (const subscription of subscriptions) subscription.dispose();
  }
}

function searchOptions(options: SolveOptions): SearchOptions {
  const samples = options.samples ?? DEFAULTS.samples;
  const maxTokensPerSample = options.maxTokensPerSample ?? DEFAULTS.maxTokensPerSample;
  const parallelism = options.parallelism ?? DEFAULTS.parallelism;
  const temperature = options.temperature ?? DEFAULTS.temperature;
  const aggregation = options.aggregation ?? DEFAULTS.aggregation;
  requireInteger('samples', samples, 1);
  requireInteger('maxTokensPerSample', maxTokensPerSample, 1);
  requireInteger('parallelism', parallelism, 1);
  if (!(temperature >= 0)) throw new RangeError(`temperature must be ≥ 0, got ${temperature}`);
  if (!isAggregation(aggregation)) throw new RangeError(`unknown aggregation "${String(aggregation)}"`);
  if (options.thinkBudget !== undefined) requireInteger('thinkBudget', options.thinkBudget, 1);
  if (options.thinkMinTokens !== undefined) {
    requireInteger('thinkMinTokens', options.thinkMinTokens, 0);
    if (options.thinkBudget === undefined || options.thinkMinTokens > options.thinkBudget) {
      throw new RangeError(`thinkMinTokens needs a thinkBudget at least as large, got ${options.thinkMinTokens} with ${options.thinkBudget ?? 'none'}`);
    }
  }
  if (options.think !== undefined && ![true, false, 'low', 'medium', 'high'].includes(options.think)) {
    throw new RangeError(`think must be true, false, "low", "medium" or "high", got ${JSON.stringify(options.think)}`);
  }
  if (options.tokenCap !== undefined && !(options.tokenCap >= 0)) throw new RangeError(`tokenCap must be ≥ 0, got ${options.tokenCap}`);
  const minTokensPerSample = options.minTokensPerSample ?? Math.min(64, maxTokensPerSample);
  requireInteger('minTokensPerSample', minTokensPerSample, 1);
  return {
    samples,
    maxTokensPerSample,
    minTokensPerSample,
    temperature,
    parallelism,
    aggregation,
    seed: options.seed ?? DEFAULTS.seed,
    ...(options.generatorModel === undefined ? {} : { generatorModel: options.generatorModel }),
    ...(options.think === undefined ? {} : { think: options.think }),
    ...(options.thinkBudget === undefined ? {} : { thinkBudget: options.thinkBudget }),
    ...(options.thinkMinTokens === undefined ? {} : { thinkMinTokens: options.thinkMinTokens }),
    ...(options.verifierSeesThinking === undefined ? {} : { verifierSeesThinking: options.verifierSeesThinking }),
    params: strategyParams(options),
    adaptive: {
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
      ...(options.consistencyPrior === undefined ? {} : { prior: options.consistencyPrior }),
    },
  };
}

/** The step-level and revision settings given in the options (defaults are resolved by the strategies). */
function strategyParams(options: SolveOptions): StrategyParams {
  const params: Record<string, unknown> = {};
  for (const key of PARAM_NAMES) if (options[key] !== undefined) params[key] = options[key];
  if (options.confidence !== undefined && !(options.confidence > 0 && options.confidence <= 1)) {
    throw new RangeError(`confidence must be in (0, 1], got ${options.confidence}`);
  }
  return params;
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
}

async function buildVerifier(options: SolveOptions, ledger: BudgetLedger, seed: number, signal: AbortSignal): Promise<Verifier> {
  if (typeof options.verifier === 'function') return options.verifier(ledger);
  return createVerifier(
    {
      model: options.model,
      ledger,
      choice: options.verifier ?? 'auto',
      seed,
      ...(options.verifierModel === undefined ? {} : { modelName: options.verifierModel }),
      ...(options.verifierSamples === undefined ? {} : { samples: options.verifierSamples }),
    },
    signal,
  );
}

/**
 * How the generator thinks; when its capabilities cannot be read, as asked (the first call reports why). Asked
 * before the run exists: a cancellation meanwhile is the run's to report, so it is not thrown here.
 */
async function planGeneratorThinking(options: SolveOptions, search: SearchOptions, signal: AbortSignal | undefined): Promise<ThinkingPlan> {
  const requested: ThinkSetting | undefined = search.think;
  try {
    const capabilities = await options.model.capabilities(signal ?? new AbortController().signal, options.generatorModel);
    return generationThinking(capabilities, requested, search.thinkBudget, search.thinkMinTokens);
  } catch {
    return { ...(requested === undefined ? {} : { think: requested }), allowance: 0 };
  }
}

/** How this backend ends a trace at the budget, for the tree's decision. */
async function forcingDescription(options: SolveOptions, signal: AbortSignal, limit: 'budget' | 'allowance' = 'budget'): Promise<string> {
  try {
    return describeForcing(await options.model.capabilities(signal, options.generatorModel), limit);
  } catch (error) {
    if (signal.aborted) throw error;
    return describeForcing({ logprobs: false, thinking: true }, limit);
  }
}

function emptyCounts(requested: number): SampleCounts {
  return { requested, answered: 0, unanswered: 0, failed: 0, cancelled: 0, notStarted: requested };
}
