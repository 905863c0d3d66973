// Seeded orders of recorded samples. The same (seed, problem, repeat) always gives the same order, on any
// machine, so every strategy in a run sees the same samples and a rerun gives identical numbers.
import { hashParts } from '../../random/hash';

/** The seed of an order: a hash of its parts (shared with the simulated reasoner's content hashing). */
export const hashSeed = hashParts;

/** A seeded uniform generator in [0, 1) (sfc32). */
export function seededRandom(...seedParts: readonly (string | number)[]): () => number {
  let a = hashSeed('a', ...seedParts);
  let b = hashSeed('b', ...seedParts);
  let c = hashSeed('c', ...seedParts);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 0x1_0000_0000;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A seeded random permutation of 0..n−1 (Fisher–Yates). */
export function shuffledIndices(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}

/** The order in which repeat `repeat` serves problem `problemId`'s `n` recorded samples. */
export function replayOrder(seed: number, problemId: string, repeat: number, n: number): number[] {
  return shuffledIndices(n, seededRandom('replay', seed, problemId, repeat));
}
