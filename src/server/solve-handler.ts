// ponder/solve: checks the problem, picks the model and the strategy from the settings, runs the engine,
// streams the tree (runStarted, then batched treeDelta notifications) and work-done progress, and wires
// LSP cancellation to the engine's AbortSignal. Failures come back as a PonderError in the result.
import type { ConsistencyPrior } from '../engine/stopping/consistency-prior';
import { randomUUID } from 'node:crypto';
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { getStrategy, strategyNames } from '../engine/search/registry';
import { solve } from '../engine/solve';
import type { SolveOptions } from '../engine/solve';
import type { ReasoningTree } from '../engine/tree/tree';
import type { PonderError, RunStartedParams, SolveParams, SolveResultParams, TreeDeltaParams } from '../protocol/lsp';
import { RUN_STARTED_NOTIFICATION, TREE_DELTA_NOTIFICATION } from '../protocol/lsp';
import type { PonderSettings, ThinkMode } from '../protocol/settings';
import { bestChain } from './best-chain';
import { stopSummary } from './stop-summary';
import type { ServerContext } from './context';
import { DeltaBatcher } from './delta-batcher';
import { toPonderError } from './errors';
import { checkContextFit, checkProblemText, cleanProblemText, MAX_RESPONSE_TOKENS } from './input-check';
import type { ChosenModel } from './model-provider';
import { SolveProgress } from './solve-progress';
import { isSolveParams } from './params';

/** The most chains adaptive mode may draw for one problem. */
const ADAPTIVE_MAX_SAMPLES = 64;

const SAMPLED_VERIFIER_WARNING =
  'The Ollama server does not return log-probabilities (it needs version 0.12.11 or later), so the verifier ' +
  'falls back to sampling its judgement several times: slower and coarser. Update Ollama for sharper step scores.';

/** The same for an OpenAI-compatible server (LM Studio's chat completions, for one, return none). */
const sampledVerifierWarningFor = (host: string): string =>
  `The OpenAI-compatible server at ${host} returns no log-probabilities, so the verifier falls back to sampling ` +
  'its judgement several times: slower and coarser. vLLM, SGLang and llama.cpp\'s llama-server return them; ' +
  'so does Ollama 0.12.11 or later.';

export async function handleSolve(
  ctx: ServerContext,
  raw: unknown,
  token: CancellationToken,
  workDone: WorkDoneProgressReporter,
): Promise<SolveResultParams> {
  if (!isSolveParams(raw)) return failed({ kind: 'bad-input', message: 'ponder/solve needs { problem: string, mode: "adaptive" | "fixed" }.' });
  const settings = ctx.settings.current;
  const asked = withRerun(ctx, raw);
  // Binary selections are refused as they are; otherwise the model, the tree and the hover see the text
  // without escape sequences and controls (checked again: nothing but controls leaves nothing to solve).
  const params: SolveParams = { ...asked, problem: cleanProblemText(asked.problem) };
  const textProblem = checkProblemText(asked.problem) ?? checkProblemText(params.problem);
  if (textProblem) return failed(textProblem);
  let maxTokensPerSample = MAX_RESPONSE_TOKENS;
  if (!settings.useSimulatedModel) {
    const fit = checkContextFit(params.problem, settings.contextLength);
    if (fit.error) return failed(fit.error);
    maxTokensPerSample = fit.maxTokensPerSample;
  }

  const strategyName = pickStrategy(params, settings);
  if (!getStrategy(strategyName)) {
    return failed({ kind: 'bad-input', message: `Unknown strategy "${strategyName}"; known: ${strategyNames().join(', ')}.` });
  }
  const chosen = ctx.models.choose(settings);
  if (!chosen.simulated) {
    // Ollama caps num_ctx at the model's trained context without a word (server/sched.go
    // effectiveContext): check the problem against what the model really gets.
    const trained = await trainedContextLength(chosen, token);
    if (trained !== undefined && trained < settings.contextLength) {
      const fit = checkContextFit(params.problem, trained, settings.model);
      if (fit.error) return failed(fit.error);
      maxTokensPerSample = Math.min(maxTokensPerSample, fit.maxTokensPerSample);
    }
  }
  const runId = randomUUID();
  const abort = new AbortController();
  const cancelListener = token.onCancellationRequested(() => abort.abort());
  const options = solveOptions(params, settings, chosen, runId, strategyName, maxTokensPerSample, ctx.consistency.for(chosen.model.label));
  const progress = new SolveProgress(options.tokenCap ?? 0);
  const batcher = new DeltaBatcher((deltas) => {
    void ctx.connection.sendNotification(TREE_DELTA_NOTIFICATION, { runId, deltas } satisfies TreeDeltaParams);
    workDone.report(progress.percentage(), progress.message());
  });
  if (params.uri && params.range) ctx.ranges.add(params.uri, params.range, runId, params.version);
  ctx.runs.start({ runId, problem: params.problem, startedAt: Date.now(), ...(params.uri ? { uri: params.uri } : {}) });
  ctx.connection.console.log(
    `solve ${runId}: ${strategyName}, N=${options.samples ?? ''}, cap ${options.tokenCap ?? ''} tokens, ${chosen.model.label}${params.rerunOf ? `, rerun of ${params.rerunOf}` : ''}`,
  );
  workDone.begin(chosen.simulated ? 'Ponder (demo model)' : 'Ponder', 0, 'starting', true);

  options.onTree = (tree: ReasoningTree) => {
    const record = ctx.runs.get(runId);
    if (record) record.live = () => tree.snapshot();
    const started: RunStartedParams = {
      runId,
      snapshot: tree.snapshot(),
      ...(params.uri ? { uri: params.uri } : {}),
      ...(params.range ? { range: params.range } : {}),
    };
    void ctx.connection.sendNotification(RUN_STARTED_NOTIFICATION, started);
  };
  options.onDelta = (delta) => {
    progress.add(delta);
    batcher.push(delta);
  };
  options.onListenerError = (error) => ctx.connection.console.error(`tree listener failed: ${String(error)}`);

  try {
    const result = await solve(params.problem, options, abort.signal);
    batcher.flush();
    if (result.verifier?.method === 'sampled') {
      if (settings.backend === 'openai' && chosen.host !== undefined) ctx.warnOnce(`sampled-verifier ${chosen.host}`, sampledVerifierWarningFor(chosen.host));
      else ctx.warnOnce('sampled-verifier', SAMPLED_VERIFIER_WARNING);
    }
    const answer: SolveResultParams = {
      runId,
      answer: result.answer ?? null,
      confidence: result.confidence,
      strategy: result.strategy,
      usage: result.usage,
      stopReason: result.stopReason,
      cancelled: result.cancelled,
      ...answeredBy(chosen, settings, params.problem),
      ...(result.verifier ? { verifier: result.verifier } : {}),
    };
    ctx.runs.finish(runId, result.tree, answer, bestChain(result.tree), stopSummary(result.tree.decisions));
    return answer;
  } catch (error) {
    batcher.flush();
    const ponderError = withModelContext(toPonderError(error), chosen, settings);
    const detail = ponderError.kind === 'internal' && error instanceof Error && error.stack ? `\n${error.stack}` : '';
    ctx.connection.console.error(`solve ${runId} failed (${ponderError.kind}): ${ponderError.message}${detail}`);
    const answer = failed(ponderError, runId, options.strategy);
    const record = ctx.runs.get(runId);
    ctx.runs.finish(runId, record?.live?.() ?? emptyTree(runId, params.problem), answer, undefined);
    ctx.ranges.remove(runId);
    return answer;
  } finally {
    cancelListener.dispose();
    workDone.done();
  }
}

/** The model's trained context length from /api/show; undefined when unknown or unreadable (the solve reports that). */
async function trainedContextLength(chosen: ChosenModel, token: CancellationToken): Promise<number | undefined> {
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  try {
    return (await chosen.model.capabilities(abort.signal)).contextLength;
  } catch {
    return undefined;
  } finally {
    listener.dispose();
  }
}

/** Which model answered, so the client can say so; and whether the demo model could not read the problem. */
function answeredBy(chosen: ChosenModel, settings: PonderSettings, problem: string): Pick<SolveResultParams, 'model' | 'beyondDemo'> {
  if (chosen.simulated) return { model: { name: 'demo model', simulated: true }, ...(chosen.model.outOfReach?.(problem) !== undefined ? { beyondDemo: true } : {}) };
  return { model: { name: settings.model, simulated: false, ...(chosen.host !== undefined ? { host: chosen.host } : {}) } };
}

/**
 * "Solve again": a rerun with no problem text of its own repeats the problem of the run it names, on that
 * run's document range as edits have moved it (when it is still tracked).
 */
function withRerun(ctx: ServerContext, params: SolveParams): SolveParams {
  if (params.rerunOf === undefined || params.problem.trim() !== '') return params;
  const previous = ctx.runs.get(params.rerunOf);
  if (!previous) return params;
  const rerun: SolveParams = { ...params, problem: previous.problem };
  if (params.uri === undefined && previous.uri !== undefined) {
    const range = ctx.ranges.rangeOf(previous.uri, previous.runId);
    const version = ctx.ranges.version(previous.uri);
    if (range) Object.assign(rerun, { uri: previous.uri, range, ...(version === undefined ? {} : { version }) });
  }
  return rerun;
}

/** Adaptive mode uses the adaptive strategy when it is registered; fixed mode the one asked for. */
function pickStrategy(params: SolveParams, settings: PonderSettings): string {
  if (params.mode === 'adaptive') return getStrategy('adaptive') ? 'adaptive' : 'weighted';
  return params.strategy ?? settings.fixedStrategy;
}

function solveOptions(
  params: SolveParams,
  settings: PonderSettings,
  chosen: ChosenModel,
  runId: string,
  strategy: string,
  maxTokensPerSample: number,
  consistencyPrior: ConsistencyPrior,
): SolveOptions {
  const adaptive = params.mode === 'adaptive';
  return {
    model: chosen.model,
    runId,
    strategy,
    // Adaptive mode decides how many chains to draw; the token cap and the confidence target bound it.
    samples: params.samples ?? (adaptive ? ADAPTIVE_MAX_SAMPLES : settings.fixedSamples),
    tokenCap: params.tokenCap ?? settings.maxTokensPerProblem,
    maxTokensPerSample,
    temperature: settings.temperature,
    parallelism: chosen.parallelism,
    ...engineThinking(params.think ?? settings.think, params.thinkBudget ?? settings.thinkBudget),
    ...(chosen.verifierModel === undefined ? {} : { verifierModel: chosen.verifierModel }),
    ...(chosen.verifier === undefined ? {} : { verifier: chosen.verifier }),
    ...(adaptive && strategy === 'adaptive'
      ? {
          // Unset, each difficulty bin stops at the policy's own threshold, as on the command line and in the bench.
          ...(settings.confidenceTarget === null ? {} : { confidence: settings.confidenceTarget }),
          consistencyPrior,
          ...(settings.policyFile === '' ? {} : { policy: settings.policyFile }),
        }
      : {}),
  };
}

/**
 * The engine's `think` and `thinkBudget` for a think mode and budget (from the settings, or the picker's
 * choice for this solve): off and on are the booleans Ollama takes, a level goes as it is; 0 = no budget.
 */
export function engineThinking(mode: ThinkMode, budget: number): Pick<SolveOptions, 'think' | 'thinkBudget'> {
  const think = mode === 'off' ? false : mode === 'on' ? true : mode;
  return budget > 0 ? { think, thinkBudget: budget } : { think };
}

/** Names the host and model on errors that need them to be acted on. */
function withModelContext(error: PonderError, chosen: ChosenModel, settings: PonderSettings): PonderError {
  if (chosen.simulated) return error;
  return {
    ...error,
    ...(error.host === undefined && chosen.host !== undefined ? { host: chosen.host } : {}),
    ...(error.kind === 'model-not-found' && error.model === undefined ? { model: settings.model } : {}),
  };
}

export function failed(error: PonderError, runId: string = randomUUID(), strategy = ''): SolveResultParams {
  return {
    runId,
    answer: null,
    confidence: 0,
    strategy,
    usage: { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0, tokenCap: 0 },
    stopReason: 'error',
    cancelled: false,
    error,
  };
}

function emptyTree(runId: string, problem: string): NonNullable<ReturnType<ReasoningTree['snapshot']>> {
  return {
    runId,
    problem,
    strategy: '',
    nodes: [],
    answers: [],
    decisions: [],
    usage: { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0, tokenCap: 0 },
    finished: true,
  };
}
