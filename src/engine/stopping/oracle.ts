// The oracle: the physical limit of any stopping rule over a sequence of samples. Knowing the answer
// majority@N will give (N = the cap), it stops at the first k where the leader of the first k samples
// (most votes, ties to the answer seen first, as VoteTally counts) is already that answer. Its accuracy is
// majority@N's; its k is the fewest samples any rule can draw there and still agree with majority@N.
// It looks ahead, so it is a yardstick for reports and the label a stopping model learns from, never a
// controller that can run live.
import { VoteTally } from './tally';

export interface OracleStop {
  /** majority@N's answer (null when no sample stated one). */
  readonly answer: string | null;
  /** The first k whose leader is that answer (1 when there is none). */
  readonly samples: number;
}

/** The oracle over the first `cap` keys (all of them when `cap` is omitted). */
export function oracleStop(keys: readonly (string | null)[], cap = keys.length): OracleStop {
  const n = Math.min(cap, keys.length);
  if (n < 1) throw new RangeError('the oracle needs at least one sample');
  const full = new VoteTally();
  for (let i = 0; i < n; i++) full.add(keys[i] ?? null, null, 0);
  const answer = full.majority();
  const partial = new VoteTally();
  for (let k = 1; k <= n; k++) {
    partial.add(keys[k - 1] ?? null, null, 0);
    if (partial.majority() === answer) return { answer, samples: k };
  }
  return { answer, samples: n };
}

/**
 * For every prefix k = 1..N of the keys, whether its leader is already majority@N's answer: the label of
 * "stopping here would agree with drawing everything".
 */
export function leaderIsFinal(keys: readonly (string | null)[]): boolean[] {
  const final = oracleStop(keys).answer;
  const tally = new VoteTally();
  return keys.map((key) => {
    tally.add(key, null, 0);
    return tally.majority() === final;
  });
}
