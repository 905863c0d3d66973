// The log-probability judge: asks "is step k correct? Yes or No", generates one token at temperature 0,
// and scores P(Yes) / (P(Yes) + P(No)) from that token's top alternatives — a process reward model
// imitated by any model that returns log-probabilities.
import type { BudgetLedger } from '../budget/ledger';
import { meteredGenerate } from '../budget/metered';
import { firstAnswerToken } from '../model/thinking';
import type { LanguageModel, ThinkSetting } from '../model/types';
import { verifyMessages } from '../prompts/verify';
import { StepJudge } from './judge-all';
import type { StepJudgement } from './types';
import { thinkingAteJudgement } from './judge-thinking';
import { readYesNo } from './yes-no';

export interface LogprobJudgeOptions {
  model: LanguageModel;
  ledger: BudgetLedger;
  /** A separate verifier model served by the same backend; default: the backend's own model. */
  modelName?: string;
  /** Alternatives asked for per token (Ollama allows 0..20). Default 20. */
  topLogprobs?: number;
  /** What to send as `think` (false for a model that can stop thinking; the lowest level for one that cannot). */
  think?: ThinkSetting;
  /** Tokens the model may think before its answer token (0 when it does not think). */
  thinkingAllowance?: number;
}

export class LogprobJudge extends StepJudge {
  readonly method = 'logprobs' as const;
  readonly tokensPerStep = 1;
  readonly description: string;

  constructor(private readonly options: LogprobJudgeOptions) {
    super();
    this.description = `log-probability judge (${options.modelName ?? options.model.label})`;
  }

  protected override async judgeStep(problem: string, steps: readonly string[], index: number, signal: AbortSignal): Promise<StepJudgement> {
    const generation = await meteredGenerate({
      model: this.options.model,
      ledger: this.options.ledger,
      purpose: 'verify',
      signal,
      request: {
        ...(this.options.modelName === undefined ? {} : { model: this.options.modelName }),
        ...(this.options.think === undefined ? {} : { think: this.options.think }),
        messages: verifyMessages(problem, steps, index),
        temperature: 0,
        seed: 0,
        maxTokens: this.tokensPerStep + (this.options.thinkingAllowance ?? 0),
        logprobs: true,
        topLogprobs: Math.min(20, Math.max(1, this.options.topLogprobs ?? 20)),
      },
    });
    const reading = thinkingAteJudgement(generation, this.options.thinkingAllowance ?? 0) ?? readYesNo(firstAnswerToken(generation.textLogprobs ?? generation.logprobs), generation.text);
    return {
      index,
      score: reading.score,
      verdict: reading.verdict,
      usage: {
        promptTokens: generation.usage.promptTokens,
        generatedTokens: generation.usage.generatedTokens,
        calls: 1,
        wallMs: generation.wallMs,
      },
    };
  }
}
