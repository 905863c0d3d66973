// Grouping sampled answers into clusters of equivalent answers, for majority and weighted voting. An
// answer joins the first cluster (in order of creation) whose first member it is equivalent to; equal
// normalised keys join at once, so the usual case costs one key computation per answer.
import { answersEquivalent } from './equivalence';
import { normalizeAnswer } from './normalize';

export interface AnswerVote {
  readonly answer: string;
  /** A verifier score or other weight; finite and ≥ 0. Default 1, so that weight = votes. */
  readonly weight?: number;
  /** The caller's handle on the sample (a tree node id, say). */
  readonly id?: string;
}

export interface ClusterMember {
  readonly answer: string;
  readonly weight: number;
  readonly id?: string;
  /** Position in the input. */
  readonly index: number;
}

export interface AnswerCluster {
  /** The normalised key of the cluster's first member. */
  readonly key: string;
  /** The answer to show: the most frequent written form among the members (the earliest on a tie). */
  readonly representative: string;
  readonly votes: number;
  /** Sum of the members' weights. */
  readonly weight: number;
  readonly members: readonly ClusterMember[];
  /** Input position of the first member. */
  readonly firstIndex: number;
}

export interface ClusterOptions {
  /** Equivalence test between two answers (default: `answersEquivalent`). */
  readonly equivalent?: (a: string, b: string) => boolean;
  /** The normalised key of an answer (default: `normalizeAnswer`); equal keys join at once. */
  readonly key?: (answer: string) => string;
}

interface Building {
  readonly key: string;
  readonly first: string;
  readonly members: ClusterMember[];
}

/**
 * Clusters `votes` into groups of equivalent answers, ordered by summed weight, then votes, then first
 * appearance (all descending except the last). Deterministic for a given input order.
 */
export function clusterAnswers(votes: readonly AnswerVote[], options: ClusterOptions = {}): AnswerCluster[] {
  const equivalent = options.equivalent ?? answersEquivalent;
  const keyOf = options.key ?? normalizeAnswer;
  const clusters: Building[] = [];
  const byKey = new Map<string, Building>();
  votes.forEach((vote, index) => {
    const weight = vote.weight ?? 1;
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`weight must be finite and ≥ 0, got ${weight}`);
    const member: ClusterMember = vote.id === undefined ? { answer: vote.answer, weight, index } : { answer: vote.answer, weight, id: vote.id, index };
    const key = keyOf(vote.answer);
    const cluster = byKey.get(key) ?? clusters.find((candidate) => equivalent(candidate.first, vote.answer));
    if (cluster) {
      cluster.members.push(member);
      if (!byKey.has(key)) byKey.set(key, cluster);
      return;
    }
    const created: Building = { key, first: vote.answer, members: [member] };
    clusters.push(created);
    byKey.set(key, created);
  });
  return clusters.map(finish).sort(
    (a, b) => b.weight - a.weight || b.votes - a.votes || a.firstIndex - b.firstIndex,
  );
}

function finish(cluster: Building): AnswerCluster {
  const forms = new Map<string, number>();
  for (const member of cluster.members) {
    const form = member.answer.trim();
    forms.set(form, (forms.get(form) ?? 0) + 1);
  }
  // Map iteration follows first insertion, so the earliest form wins a tie.
  let representative = cluster.first.trim();
  let best = 0;
  for (const [form, count] of forms) {
    if (count > best) [representative, best] = [form, count];
  }
  const weight = cluster.members.reduce((sum, member) => sum + member.weight, 0);
  const firstIndex = cluster.members[0]?.index ?? 0;
  return { key: cluster.key, representative, votes: cluster.members.length, weight, members: cluster.members, firstIndex };
}
