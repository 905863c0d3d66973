// Tallying votes over clusters of equivalent answers. Majority vote compares vote counts; weighted
// best-of-N compares the summed verifier scores of each answer's chains (Snell et al.).
import type { AnswerTally } from '../../protocol/tree';
import { clusterAnswers } from '../answers';

export interface Vote {
  /** The normalised answer. */
  readonly answer: string;
  readonly nodeId: string;
  /** The chain's aggregate verifier score; 0 when there is no verifier. */
  readonly weight: number;
}

export type TallyMode = 'votes' | 'weight';

/**
 * Tallies, best first: by summed weight ('weight' mode) or by votes ('votes' mode), then by the other
 * measure, then the cluster seen first (so `votes` in sample order give reproducible ties).
 * Weighted shares fall back to vote shares when no chain has any weight.
 */
export function tallyVotes(
  votes: readonly Vote[],
  equivalent: (a: string, b: string) => boolean,
  mode: TallyMode,
): AnswerTally[] {
  const weightOf = new Map(votes.map((vote) => [vote.nodeId, vote.weight]));
  const totalWeight = votes.reduce((sum, vote) => sum + vote.weight, 0);
  const byWeight = mode === 'weight' && totalWeight > 0;
  const clusters = clusterAnswers(
    votes.map((vote) => ({ answer: vote.answer, id: vote.nodeId, weight: byWeight ? vote.weight : 1 })),
    { equivalent },
  );
  return clusters.map((cluster) => {
    const nodeIds = cluster.members.map((member) => member.id ?? '');
    const weight = nodeIds.reduce((sum, id) => sum + (weightOf.get(id) ?? 0), 0);
    return {
      answer: cluster.representative,
      votes: cluster.votes,
      weight,
      share: byWeight ? weight / totalWeight : cluster.votes / votes.length,
      nodeIds,
    };
  });
}
