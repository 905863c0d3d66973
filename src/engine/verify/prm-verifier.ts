// The trained process reward model as Ponder's step verifier: a chain's steps are scored in one
// request (engine/model/openai/pooling.ts) where the judges make one call per step. Each step's score is
// the PRM's probability that the step is correct; the call is charged to the ledger as one verify call
// with its prompt tokens and no generated tokens.
import type { BudgetLedger } from '../budget/ledger';
import { BudgetExhaustedError } from '../budget/metered';
import type { PrmClient } from '../model/openai/pooling';
import type { ScoreStepsOptions, StepJudgement, StepScores, Verifier } from './types';

export class PrmVerifier implements Verifier {
  readonly method = 'prm' as const;
  readonly description: string;
  /** Nothing is generated; one token is set aside so the ledger admits the call. */
  readonly tokensPerStep = 1;

  constructor(
    private readonly client: PrmClient,
    private readonly ledger: BudgetLedger,
  ) {
    this.description = `process reward model (${client.model})`;
  }

  async scoreSteps(problem: string, steps: readonly string[], signal: AbortSignal, options: ScoreStepsOptions = {}): Promise<StepScores> {
    const judgements = await this.#score(problem, steps, signal);
    for (const judgement of judgements) options.onStep?.(judgement);
    return { scores: judgements.map((j) => j.score), judgements, method: this.method };
  }

  async scoreStep(problem: string, steps: readonly string[], index: number, signal: AbortSignal): Promise<StepJudgement> {
    if (index < 0 || index >= steps.length) throw new RangeError(`step ${index} is outside a chain of ${steps.length} steps`);
    const judgements = await this.#score(problem, steps.slice(0, index + 1), signal);
    return judgements[index] as StepJudgement;
  }

  async #score(problem: string, steps: readonly string[], signal: AbortSignal): Promise<StepJudgement[]> {
    signal.throwIfAborted();
    const reservation = this.ledger.reserve('verify', 1);
    if (!reservation) throw new BudgetExhaustedError('the token budget has no room left for another verify call');
    const started = performance.now();
    let promptTokens = 0;
    try {
      const result = await this.client.score(problem, steps, signal);
      promptTokens = result.promptTokens;
      const wallMs = performance.now() - started;
      // The one call's cost sits on the last step (the others came with it).
      return result.scores.map((score, index) => ({
        index,
        score,
        verdict: `P(correct)=${score.toFixed(2)} (PRM)`,
        usage: index === steps.length - 1 ? { promptTokens, generatedTokens: 0, calls: 1, wallMs } : { promptTokens: 0, generatedTokens: 0, calls: 0, wallMs: 0 },
      }));
    } finally {
      reservation.settle({ promptTokens, generatedTokens: 0, wallMs: performance.now() - started });
    }
  }
}
