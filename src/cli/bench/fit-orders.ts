// The thinking fit reads each (problem, repeat)'s samples in several orders. A stopping rule's losses
// against majority@N are rare events that depend on the order samples come in (two wrong answers first, then
// six right ones): read in the one order they were drawn, a problem either shows a loss or does not, and a
// cheap rule that happens to show none on the problems fitted passes for one that loses nothing, then loses
// on the next problems. Samples of one problem at one thinking budget are exchangeable (independent draws
// from the same model and prompt), so every order of the drawn ones is a run that could have happened, as
// the replay bench's random orders of recorded samples are; averaging over orders measures each rule's
// expected loss instead of one order's luck. The held-out problems, and the fixed settings they are compared
// with, are scored in the same orders (fit.ts).
import { seededRandom, shuffledIndices } from '../../engine/model/replay';
import type { BenchProblem } from './datasets';
import type { ThinkingAxis } from './think-fit';
import type { DrawnSample, SampleStream } from './streams';

/** Orders per (problem, repeat) the thinking fit reads: the drawn one and seven shuffles of it. */
export const THINK_FIT_ORDERS = 8;

/**
 * The axis as the fit reads it: repeat r·orders + k is order k of repeat r's samples (order 0 the drawn
 * one), each a seeded shuffle of the first `pool` samples at each thinking budget.
 */
export function orderedAxis(axis: ThinkingAxis, pool: number, orders: number, seed: number, dataset: string): ThinkingAxis {
  return {
    ...axis,
    streamFor: (problem: BenchProblem, repeat: number, budget: number) => {
      const order = repeat % orders;
      const stream = axis.streamFor(problem, Math.floor(repeat / orders), budget);
      return order === 0 ? stream : shuffledStream(stream, pool, seededRandom('think-fit-order', seed, dataset, problem.id, repeat, budget));
    },
  };
}

/**
 * `stream`'s first `pool` samples in a seeded random order (drawing them first), then the rest as drawn.
 */
export function shuffledStream(stream: SampleStream, pool: number, random: () => number): SampleStream {
  let order: number[] | undefined;
  let samples: readonly DrawnSample[] = [];
  return {
    get samples() {
      return samples;
    },
    limit: stream.limit,
    async ensure(count: number): Promise<void> {
      await stream.ensure(Math.max(count, Math.min(pool, stream.limit)));
      const drawn = stream.samples;
      order ??= shuffledIndices(Math.min(pool, drawn.length), random);
      const head = order.map((i) => drawn[i] as DrawnSample);
      samples = [...head, ...drawn.slice(head.length)];
    },
  };
}
