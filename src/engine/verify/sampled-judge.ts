// The sampled judge, for servers without log-probabilities: asks the same Yes/No question k times at
// temperature ~1 and scores the share of Yes among the answers that said Yes or No (the sampled estimate
// of P(yes) / (P(yes) + P(no))); answers that say neither are reported but do not vote, and a step with
// no decided answer scores NEUTRAL_SCORE.
import type { BudgetLedger } from '../budget/ledger';
import { meteredGenerate } from '../budget/metered';
import type { LanguageModel, ThinkSetting } from '../model/types';
import { verifyMessages } from '../prompts/verify';
import { StepJudge } from './judge-all';
import type { StepJudgement } from './types';
import { judgementOutOfThinking } from './judge-thinking';
import { classifyToken, NEUTRAL_SCORE } from './yes-no';

export interface SampledJudgeOptions {
  model: LanguageModel;
  ledger: BudgetLedger;
  modelName?: string;
  /** Judgements per step. Default 5. */
  samples?: number;
  /** Default 1. */
  temperature?: number;
  /** Tokens per judgement: enough for "Yes." after a leading space. Default 3. */
  maxTokens?: number;
  /** Base seed; each judgement gets its own. Default 0. */
  seed?: number;
  /** What to send as `think` (false for a model that can stop thinking; the lowest level for one that cannot). */
  think?: ThinkSetting;
  /** Tokens the model may think before its answer (0 when it does not think). */
  thinkingAllowance?: number;
}

export class SampledJudge extends StepJudge {
  readonly method = 'sampled' as const;
  readonly description: string;
  readonly tokensPerStep: number;
  private readonly samples: number;
  private readonly maxTokens: number;

  constructor(private readonly options: SampledJudgeOptions) {
    super();
    this.samples = Math.max(1, Math.floor(options.samples ?? 5));
    this.maxTokens = Math.max(1, Math.floor(options.maxTokens ?? 3));
    this.tokensPerStep = this.samples * this.maxTokens;
    this.description = `sampled judge, ${this.samples} votes per step (${options.modelName ?? options.model.label})`;
  }

  protected override async judgeStep(problem: string, steps: readonly string[], index: number, signal: AbortSignal): Promise<StepJudgement> {
    const messages = verifyMessages(problem, steps, index);
    const outcomes = await Promise.allSettled(
      Array.from({ length: this.samples }, (_, j) =>
        meteredGenerate({
          model: this.options.model,
          ledger: this.options.ledger,
          purpose: 'verify',
          signal,
          request: {
            ...(this.options.modelName === undefined ? {} : { model: this.options.modelName }),
            ...(this.options.think === undefined ? {} : { think: this.options.think }),
            messages,
            temperature: this.options.temperature ?? 1,
            seed: judgementSeed(this.options.seed ?? 0, steps.length, index, j),
            maxTokens: this.maxTokens + (this.options.thinkingAllowance ?? 0),
          },
        }),
      ),
    );
    let yes = 0;
    let no = 0;
    /** Judgements whose thinking used up its allowance before any answer. */
    let outOfThinking = 0;
    const usage = { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 };
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') throw outcome.reason;
      const generation = outcome.value;
      usage.promptTokens += generation.usage.promptTokens;
      usage.generatedTokens += generation.usage.generatedTokens;
      usage.calls += 1;
      usage.wallMs = Math.max(usage.wallMs, generation.wallMs);
      if (judgementOutOfThinking(generation)) outOfThinking += 1;
      const word = classifyToken(generation.text.trim().split(/\s+/u)[0] ?? '');
      if (word === 'yes') yes += 1;
      else if (word === 'no') no += 1;
    }
    const unclear = this.samples - yes - no;
    const score = yes + no > 0 ? yes / (yes + no) : NEUTRAL_SCORE;
    const verdict =
      `${yes} of ${this.samples} sampled judgements Yes, ${no} No` +
      (unclear > 0 ? `, ${unclear} unclear` : '') +
      (outOfThinking > 0 ? ` (${outOfThinking} used up the ${this.options.thinkingAllowance ?? 0}-token thinking allowance before answering)` : '') +
      (yes + no === 0 ? `: neutral ${NEUTRAL_SCORE}` : '') +
      ' (sampled, no log-probabilities)';
    return { index, score, verdict, usage };
  }
}

/** Distinct, reproducible seeds per (chain length, step, judgement). */
function judgementSeed(base: number, chainLength: number, step: number, sample: number): number {
  let h = (base ^ 0x9e3779b9) >>> 0;
  for (const part of [chainLength, step, sample]) h = Math.imul(h ^ part, 0x85ebca6b) >>> 0;
  return h % 2_147_483_647;
}
