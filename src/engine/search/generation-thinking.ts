// What a thinking generation's trace comes to once it has ended: on the node that holds it, its length and,
// under a budget or at the trace allowance, how it ended; and, when it thought and left no text, why, so that
// the generation is failed with that reason instead of passing for an empty step or chain.
import { ThinkingExhaustedError } from '../model/errors';
import type { Generation, ThinkingOutcome } from '../model/types';
import type { SearchContext } from './types';

/**
 * Why a generation that thought has nothing to show for it, or undefined when it wrote text (or did not
 * think). A trace stopped at its budget or allowance by a model that cannot be forced ends `stopped`; a trace
 * that ran into the call's own cap (the ledger granted less than the allowance) ends at `length` with no text.
 */
export function thinkingExhausted(generation: Generation, thinking: string, granted: number): ThinkingExhaustedError | undefined {
  if (generation.text.trim() !== '') return undefined;
  const outcome = generation.thinkingOutcome;
  if (outcome?.ending === 'stopped' && outcome.tokens >= outcome.budget) {
    const limit = outcome.allowance
      ? `the ${outcome.budget}-token trace allowance of one generation (no thinking budget was set)`
      : `its thinking budget of ${outcome.budget} tokens`;
    const how = outcome.method ? ` (${outcome.method})` : '';
    const advice = outcome.allowance
      ? 'A lower thinking level, or a model Ponder can force (qwen3, deepseek-r1, magistral), keeps traces within it.'
      : 'A larger budget, or a model Ponder can force (qwen3, deepseek-r1, magistral), lets it answer.';
    return new ThinkingExhaustedError(
      `The model's thinking reached ${limit} and this model cannot be made to answer from a cut trace${how}: ` +
        `this generation has no text and is dropped. ${advice}`,
    );
  }
  if (thinking !== '' && (outcome?.ending === 'stopped' || generation.usage.doneReason === 'length')) {
    return new ThinkingExhaustedError(
      `The model's thinking used all ${granted} tokens this generation was granted before it wrote any text ` +
        '(the token budget had no more room for it): this generation has no text and is dropped.',
    );
  }
  return undefined;
}

/**
 * The node with the trace gets its length and, under a budget, the budget and how it ended (budget forcing's
 * outcome). Under the trace allowance alone only a trace the allowance cut or stopped says so: one that ended
 * by itself had no budget to speak of.
 */
export function recordThinking(context: SearchContext, nodeId: string | undefined, outcome: ThinkingOutcome | undefined): void {
  if (!outcome || nodeId === undefined) return;
  if (outcome.allowance && outcome.ending === 'natural') {
    context.tree.update(nodeId, { thinkingTokens: outcome.tokens });
    return;
  }
  context.tree.update(nodeId, {
    thinkingTokens: outcome.tokens,
    thinkingBudget: outcome.budget,
    thinkingEnding: outcome.ending,
    thinkingExtensions: outcome.extensions,
    ...(outcome.allowance ? { thinkingLimit: 'allowance' as const } : {}),
  });
}
