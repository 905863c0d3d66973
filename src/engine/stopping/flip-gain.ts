// What a capped run could still win by sampling on, in accuracy, when an answer's chance of being right
// grows with its share of the samples (self-consistency's agreement is a calibrated confidence: an answer
// most samples agree on is usually right, one of many scattered answers usually not). The posterior rule
// asks only whether the leader will be overtaken; among scattered answers it often will be, by an answer
// hardly more likely to be right, and sampling on to find out buys almost nothing. This weighs the chance of
// a flip by how much better the answer that overtakes would be.
import { regularizedIncompleteBeta } from './beta';

/**
 * Expected gain, in probability of a right answer, of sampling on to the cap rather than stopping now:
 * P(the leader is overtaken by the cap) × E[p_runner − p_leader | the runner-up's true share is the larger],
 * with the shares under the posterior Dirichlet(leader + 1, runnerUp + 1, other + 1) the stopping
 * probability uses. By the Dirichlet's aggregation property the top two's share q ~ Beta(leader + runnerUp +
 * 2, other + 1) is independent of the runner-up's part of it s ~ Beta(runnerUp + 1, leader + 1), so
 * E[p_runner − p_leader | s > ½] = E[q] · E[2s − 1 | s > ½].
 *
 * @param holds P(the leader still leads at the cap), from leaderHoldsProbability
 */
export function flipGain(leader: number, runnerUp: number, other: number, holds: number): number {
  if (holds >= 1) return 0;
  const a = runnerUp + 1;
  const b = leader + 1;
  const above = 1 - regularizedIncompleteBeta(0.5, a, b);
  if (above <= 0) return 0;
  // E[s · 1(s > ½)] = a / (a + b) · P(Beta(a + 1, b) > ½).
  const sAbove = (a / (a + b)) * (1 - regularizedIncompleteBeta(0.5, a + 1, b));
  const marginGivenAbove = Math.max(0, (2 * sAbove - above) / above);
  const topTwoShare = (leader + runnerUp + 2) / (leader + runnerUp + other + 3);
  return (1 - holds) * topTwoShare * marginGivenAbove;
}
