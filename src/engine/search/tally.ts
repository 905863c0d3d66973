// Tallying votes over clusters of equivalent answers. Majority vote compares vote counts; weighted
// best-of-N compares the summed verifier scores of each answer's chains (Snell et al.).
import type { AnswerTally } from '../../protocol/tree';
import { clusterAnswers, normalizeAnswer } from '../answers';

export interface Vote {
  /** The normalised answer. */
  readonly answer: string;
  readonly nodeId: string;
  /** The chain's aggregate verifier score; 0 when there is no verifier. */
  readonly weight: number;
}

export type TallyMode = 'votes' | 'weight';

type Equivalence = (a: string, b: string) => boolean;

/**
 * Answer comparison with memory. A search tallies all its votes again after every chain that ends, and
 * the same few answers recur, so each distinct answer is normalised once and each pair compared once:
 * without this, thousands of samples cost quadratically many normalisations (seconds per hundred chains).
 */
export class AnswerMemo {
  readonly #keys = new Map<string, string>();
  readonly #pairs = new Map<string, boolean>();

  constructor(private readonly compare: Equivalence) {}

  readonly key = (answer: string): string => {
    let key = this.#keys.get(answer);
    if (key === undefined) {
      key = normalizeAnswer(answer);
      this.#keys.set(answer, key);
    }
    return key;
  };

  readonly equivalent = (a: string, b: string): boolean => {
    const pair = `${a}\u0000${b}`;
    let same = this.#pairs.get(pair);
    if (same === undefined) {
      same = this.compare(a, b);
      this.#pairs.set(pair, same);
    }
    return same;
  };
}

/**
 * Tallies, best first: by summed weight ('weight' mode) or by votes ('votes' mode), then by the other
 * measure, then the cluster seen first (so `votes` in sample order give reproducible ties).
 * Weighted shares fall back to vote shares when no chain has any weight.
 */
export function tallyVotes(
  votes: readonly Vote[],
  equivalent: Equivalence | AnswerMemo,
  mode: TallyMode,
): AnswerTally[] {
  const rules = equivalent instanceof AnswerMemo ? { equivalent: equivalent.equivalent, key: equivalent.key } : { equivalent };
  const weightOf = new Map(votes.map((vote) => [vote.nodeId, vote.weight]));
  const totalWeight = votes.reduce((sum, vote) => sum + vote.weight, 0);
  const byWeight = mode === 'weight' && totalWeight > 0;
  const clusters = clusterAnswers(
    votes.map((vote) => ({ answer: vote.answer, id: vote.nodeId, weight: byWeight ? vote.weight : 1 })),
    rules,
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
