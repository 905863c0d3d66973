// The end of a chain in step-level search: an answer node under its last step (carrying the chain's
// aggregate score), or a failed answer node saying why the chain gives no answer. Finished chains are
// then chosen among by verifier-weighted vote, as in best-of-N.
import { aggregateScores } from '../verify/aggregate';
import { NEUTRAL_SCORE } from '../verify/yes-no';
import type { PartialChain } from './partial-chain';
import type { Vote } from './tally';
import type { SearchContext } from './types';

export interface FinishedChain {
  readonly chain: PartialChain;
  readonly answerNodeId: string;
  /** The normalised answer; undefined for a chain that ends without one. */
  readonly answer?: string;
  readonly score: number;
}

export function finishChain(context: SearchContext, chain: PartialChain, answer: { raw: string; normalized: string } | undefined, why?: string): FinishedChain {
  const { tree, options } = context;
  const score = aggregateScores(chain.scores, options.aggregation) ?? NEUTRAL_SCORE;
  if (answer) {
    const answerNodeId = tree.add({
      parentId: chain.tipId,
      kind: 'answer',
      status: 'done',
      text: answer.raw,
      answer: answer.normalized,
      sample: chain.group,
      score,
      verdict: `${options.aggregation} of ${chain.scores.length} step scores: ${score.toFixed(2)}`,
    });
    return { chain, answerNodeId, answer: answer.normalized, score };
  }
  const answerNodeId = tree.add({
    parentId: chain.tipId,
    kind: 'answer',
    status: 'failed',
    sample: chain.group,
    reason: `${why ?? 'no final answer found'}: this chain does not vote`,
  });
  return { chain, answerNodeId, score };
}

/** The votes of the finished chains that gave an answer, weighted by their aggregate scores. */
export function votesOf(finished: readonly FinishedChain[]): Vote[] {
  return finished.flatMap((f) => (f.answer === undefined ? [] : [{ answer: f.answer, nodeId: f.answerNodeId, weight: f.score }]));
}
