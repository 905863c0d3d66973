// Scores a finished chain with the verifier: every step judged (scores and verdicts on the step nodes),
// the chain's aggregate on its answer node. A chain whose scoring fails or finds no budget gets the
// neutral score, and its answer node says why, so a failing verifier degrades to a plain vote.
import { BudgetExhaustedError, MeteredCallError } from '../budget/metered';
import { describeModelError } from '../model/errors';
import { aggregateScores } from '../verify/aggregate';
import { NEUTRAL_SCORE } from '../verify/yes-no';
import type { CompletedChain } from './sample-chain';
import { stepsForVerifier } from './partial-chain';
import type { SearchContext } from './types';

export interface ChainScore {
  /** The aggregate (options.aggregation) of the step scores, or NEUTRAL_SCORE when unscored. */
  readonly score: number;
  readonly scored: boolean;
}

export async function scoreChain(context: SearchContext, chain: CompletedChain, thinking = ''): Promise<ChainScore> {
  const { verifier, tree, signal, options } = context;
  if (!verifier) return { score: NEUTRAL_SCORE, scored: false };
  const traces = chain.steps.map((_, i) => (i === 0 ? thinking : ''));
  const shown = stepsForVerifier({ steps: chain.steps, thinking: traces }, options.verifierSeesThinking ?? false);
  try {
    const result = await verifier.scoreSteps(context.problem, shown, signal, {
      onStep: (judgement) => {
        const id = chain.stepIds[judgement.index];
        if (id) tree.update(id, { score: judgement.score, verdict: judgement.verdict, usage: judgement.usage });
      },
    });
    const score = aggregateScores(result.scores, options.aggregation) ?? NEUTRAL_SCORE;
    tree.update(chain.answerNodeId, { score, verdict: `${options.aggregation} of ${result.scores.length} step scores (${result.method}): ${score.toFixed(2)}` });
    return { score, scored: true };
  } catch (error) {
    const why = signal.aborted
      ? 'cancelled'
      : error instanceof BudgetExhaustedError
        ? 'no budget left for verification'
        : describeModelError(error instanceof MeteredCallError ? error.original : error);
    tree.update(chain.answerNodeId, { verdict: `not scored (${why}); votes with neutral weight ${NEUTRAL_SCORE}` });
    return { score: NEUTRAL_SCORE, scored: false };
  }
}
