// Verifier-weighted best-of-N (Snell et al. 2024): the same N chains as majority vote; each answered
// chain's steps are scored by the verifier as soon as the chain ends (scores on the step nodes, the
// chain's aggregate on its answer node), and the answer with the largest summed aggregate wins.
// A chain whose scoring failed or found no budget keeps its vote at the neutral weight (and says so),
// so a broken verifier degrades the search to majority vote instead of discarding chains.
import { BudgetExhaustedError, MeteredCallError } from '../budget/metered';
import { describeModelError } from '../model/errors';
import { aggregateScores } from '../verify/aggregate';
import { NEUTRAL_SCORE } from '../verify/yes-no';
import { choose } from './choose';
import type { CompletedChain } from './sample-chain';
import { sampleMany } from './sample-many';
import type { Vote } from './tally';
import { AnswerMemo, tallyVotes } from './tally';
import type { SearchContext, SearchOutcome, StrategyDefinition } from './types';

/** Steps assumed per chain when setting aside tokens for verifying the chains. */
const ASSUMED_STEPS_PER_CHAIN = 12;
/** Verification is never allowed to claim more than this share of the cap up front. */
const MAX_VERIFY_SHARE = 0.25;

export async function weightedBestOfN(context: SearchContext): Promise<SearchOutcome> {
  const { verifier, ledger, tree, options, signal } = context;
  if (!verifier) throw new Error('weighted best-of-N needs a verifier');
  // Chains must leave room for their own verification, or the last ones could not be scored.
  const verifyAllowance = Math.min(
    Math.floor(ledger.tokenCap * MAX_VERIFY_SHARE),
    options.samples * verifier.tokensPerStep * ASSUMED_STEPS_PER_CHAIN,
  );
  const votes: (Vote & { sample: number })[] = [];
  let unscored = 0;
  const memo = new AnswerMemo((a, b) => context.answers.equivalent(a, b));
  const tally = () => tallyVotes(votes, memo, 'weight');

  const scoreChain = async (chain: CompletedChain): Promise<void> => {
    let weight: number;
    try {
      const result = await verifier.scoreSteps(context.problem, chain.steps, signal, {
        onStep: (judgement) => {
          const id = chain.stepIds[judgement.index];
          if (id) tree.update(id, { score: judgement.score, verdict: judgement.verdict, usage: judgement.usage });
        },
      });
      weight = aggregateScores(result.scores, options.aggregation) ?? NEUTRAL_SCORE;
      tree.update(chain.answerNodeId, { score: weight, verdict: `${options.aggregation} of ${result.scores.length} step scores (${result.method}): ${weight.toFixed(2)}` });
    } catch (error) {
      unscored += 1;
      weight = NEUTRAL_SCORE;
      const why = signal.aborted
        ? 'cancelled'
        : error instanceof BudgetExhaustedError
          ? 'no budget left for verification'
          : describeModelError(error instanceof MeteredCallError ? error.original : error);
      tree.update(chain.answerNodeId, { verdict: `not scored (${why}); votes with neutral weight ${NEUTRAL_SCORE}` });
    }
    votes.push({ answer: chain.answer, nodeId: chain.answerNodeId, weight, sample: chain.sample });
    if (!tree.finished) tree.setAnswers(tally());
  };

  const sampling = await sampleMany(context, {
    reserve: () => ({ keep: Math.max(0, verifyAllowance - ledger.committed('verify')) }),
    onChain: (outcome) => (outcome.kind === 'answered' ? scoreChain(outcome) : undefined),
  });
  if (unscored > 0 && !signal.aborted) {
    tree.decide({
      kind: 'warning',
      message: `${unscored} answered chains could not be scored and voted with neutral weight ${NEUTRAL_SCORE}`,
      data: { unscored },
    });
  }
  votes.sort((a, b) => a.sample - b.sample);
  const tallies = tally();
  const choice = choose(context, tallies, `weighted vote (${verifier.method} verifier, ${options.aggregation} step score)`, sampling.stopReason);
  return { ...choice, answers: tallies, stopReason: sampling.stopReason, samples: sampling.counts };
}

export const WEIGHTED: StrategyDefinition = {
  name: 'weighted',
  description: 'verifier-weighted best-of-N: answers weighted by the summed step scores of their chains',
  needsVerifier: true,
  run: weightedBestOfN,
};
