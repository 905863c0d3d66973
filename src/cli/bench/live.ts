// Live backends (the simulated reasoner, Ollama): a stream per (problem, repeat) that samples whole
// solutions from the model on demand, extracts and grades each answer with the answers module, and
// clusters equivalent answers under one key so that votes count them together.
import { answersEquivalent, gradeSample } from '../../engine/answers';
import { collectGeneration } from '../../engine/model/collect';
import { hashSeed } from '../../engine/model/replay';
import { GENERATION_THINKING_TOKENS } from '../../engine/model/thinking';
import type { LanguageModel, ThinkSetting } from '../../engine/model/types';
import { solveMessages, splitSteps } from '../../engine/prompts/solve';
import type { Verifier } from '../../engine/verify/types';
import type { BenchProblem, GradeTask } from './datasets';
import type { DrawnSample, SampleStream, VerifierMark } from './streams';

export interface LiveSettings {
  readonly seed: number;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly task: GradeTask;
  /** Samples of one stream generated at once (the model's own limiter bounds what reaches the server). */
  readonly parallel: number;
  /** Scores each sample by its last step (Snell et al.'s best aggregation), for weighted votes. */
  readonly verifier?: Verifier;
  /** Ask for token log-probabilities (the server returns them), so each sample carries its token confidence. */
  readonly logprobs?: boolean;
  /** Thinking tokens per sample (0: no thinking); absent: the model's own setting. The trace gets this much room on top of maxTokens. */
  readonly thinkBudget?: number;
  /** How the model thinks (a policy bin's mode: on, or a level); absent: on when there is a budget above 0, else the model's own setting. */
  readonly think?: ThinkSetting;
  /** With a PRM as `verifier`: the judge too, so each sample carries both scores (DrawnSample.verifiers). */
  readonly judge?: Verifier;
}

export function liveStream(
  model: LanguageModel,
  settings: LiveSettings,
  problem: BenchProblem,
  repeat: number,
  limit: number,
  signal: AbortSignal,
  previous: readonly DrawnSample[] = [],
  sharedKeys: string[] = [],
): SampleStream {
  const samples: DrawnSample[] = previous.slice(0, limit);
  // Cluster representatives: a new answer joins the first earlier one it is equivalent to. Streams of one
  // (problem, repeat) at several thinking budgets share them, so one answer has one key across budgets.
  const keys = sharedKeys;
  for (const k of samples.map((s) => s.key)) if (k !== null && !keys.includes(k)) keys.push(k);
  const keyOf = (answer: string | undefined): string | null => {
    if (answer === undefined) return null;
    if (settings.task === 'game24') return answer; // expressions: plurality over identical ones
    const known = keys.find((k) => k === answer || answersEquivalent(k, answer));
    if (known !== undefined) return known;
    keys.push(answer);
    return answer;
  };
  const drawOne = async (index: number): Promise<{ text: string; thinkingTokens: number | null; tokens: number; wallMs: number; score: number | null; confidence: number | null; verifiers?: DrawnSample['verifiers'] }> => {
    const started = performance.now();
    const generation = await collectGeneration(
      model.generate(
        {
          messages: solveMessages(problem.problem),
          temperature: settings.temperature,
          seed: hashSeed('bench-sample', settings.seed, problem.id, repeat, index) % 2_147_483_647,
          maxTokens: settings.maxTokens + thinkAllowance(settings),
          ...thinkRequest(settings.thinkBudget, settings.think),
          ...(settings.logprobs ? { logprobs: true } : {}),
        },
        signal,
      ),
    );
    const judged = settings.verifier ? await scoreLastStep(settings.verifier, problem.problem, generation.text, signal) : undefined;
    const judge = settings.judge ? await scoreLastStep(settings.judge, problem.problem, generation.text, signal) : undefined;
    const mark = (scored: typeof judged): VerifierMark => ({ score: scored?.score ?? null, tokens: scored ? scored.promptTokens + scored.tokens : 0 });
    return {
      text: generation.text,
      thinkingTokens: generation.thinkingOutcome?.tokens ?? null,
      // Judging costs generated tokens too (one or a few per judgement): the sample is charged both.
      tokens: generation.usage.generatedTokens + (judged?.tokens ?? 0),
      wallMs: performance.now() - started,
      score: judged?.score ?? null,
      confidence: tokenConfidence(generation.logprobs),
      ...(settings.judge ? { verifiers: { generated: generation.usage.generatedTokens, prm: mark(judged), judge: mark(judge) } } : {}),
    };
  };
  return {
    samples,
    limit,
    async ensure(count: number): Promise<void> {
      const target = Math.min(count, limit);
      while (samples.length < target) {
        signal.throwIfAborted();
        const start = samples.length;
        const batch = Math.min(settings.parallel, target - start);
        const drawn = await Promise.all(Array.from({ length: batch }, (_, i) => drawOne(start + i)));
        // Graded and clustered in index order, so keys do not depend on which call finished first.
        for (const d of drawn) {
          const graded = gradeSample(settings.task, problem.problem, problem.gold, d.text);
          samples.push({
            key: keyOf(graded.answer),
            score: d.score,
            confidence: d.confidence,
            tokens: d.tokens,
            ...(d.thinkingTokens === null ? {} : { thinkingTokens: d.thinkingTokens }),
            correct: graded.correct,
            wallMs: Math.round(d.wallMs),
            ...(d.verifiers ? { verifiers: d.verifiers } : {}),
          });
        }
      }
    },
  };
}

/** The request's think fields: a budget of 0 turns thinking off; more forces the trace closed there; `think` sets the mode. */
function thinkRequest(budget: number | undefined, think: ThinkSetting | undefined): { think?: ThinkSetting; thinkingBudget?: { maxTokens: number } } {
  if (budget === 0) return { think: false };
  const mode = think ?? (budget === undefined ? undefined : true);
  return { ...(mode === undefined ? {} : { think: mode }), ...(budget === undefined ? {} : { thinkingBudget: { maxTokens: budget } }) };
}

/** Room for the trace on top of maxTokens: the budget, or the engine's allowance for thinking without one (as a live solve gives it). */
function thinkAllowance(settings: LiveSettings): number {
  if (settings.thinkBudget !== undefined) return settings.thinkBudget;
  return settings.think === undefined || settings.think === false ? 0 : GENERATION_THINKING_TOKENS;
}

/** exp of the mean token log-probability (DeepConf averages log-probabilities): in [0, 1]; null without log-probabilities. */
export function tokenConfidence(logprobs: readonly { readonly logprob: number }[]): number | null {
  const finite = logprobs.filter((l) => Number.isFinite(l.logprob));
  if (finite.length === 0) return null;
  const mean = finite.reduce((sum, l) => sum + Math.min(0, l.logprob), 0) / finite.length;
  return Math.round(Math.exp(mean) * 1e6) / 1e6;
}

/** The verifier's score of a sample's last step, judged with the whole chain before it. */
async function scoreLastStep(verifier: Verifier, problem: string, text: string, signal: AbortSignal): Promise<{ score: number; tokens: number; promptTokens: number } | undefined> {
  const steps = splitSteps(text);
  if (steps.length === 0) return undefined;
  if (verifier.scoreStep) {
    const judgement = await verifier.scoreStep(problem, steps, steps.length - 1, signal);
    return { score: judgement.score, tokens: judgement.usage.generatedTokens, promptTokens: judgement.usage.promptTokens };
  }
  const scored = await verifier.scoreSteps(problem, steps, signal);
  const last = scored.judgements.at(-1);
  const sum = (pick: (j: (typeof scored.judgements)[number]) => number): number => scored.judgements.reduce((total, j) => total + pick(j), 0);
  return last ? { score: last.score, tokens: sum((j) => j.usage.generatedTokens), promptTokens: sum((j) => j.usage.promptTokens) } : undefined;
}
