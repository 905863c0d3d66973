// Turning a chain's step scores into one score. Snell et al. found the last step's score the best
// predictor of a correct final answer (it already "sees" the whole chain), so it is the default.

export const AGGREGATIONS = ['last', 'min', 'product', 'mean'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export function isAggregation(value: unknown): value is Aggregation {
  return typeof value === 'string' && (AGGREGATIONS as readonly string[]).includes(value);
}

/** The chain's score from its step scores, or undefined for a chain without steps. */
export function aggregateScores(scores: readonly number[], how: Aggregation = 'last'): number | undefined {
  if (scores.length === 0) return undefined;
  switch (how) {
    case 'last':
      return scores[scores.length - 1];
    case 'min':
      return Math.min(...scores);
    case 'product':
      return scores.reduce((product, score) => product * score, 1);
    case 'mean':
      return scores.reduce((sum, score) => sum + score, 0) / scores.length;
  }
}
