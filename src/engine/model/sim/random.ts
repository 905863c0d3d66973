// Seeded randomness for the simulated reasoner. Two kinds are needed:
// - `hashUnit(...)`: a fixed number in [0, 1) for a given content (a problem's traps, the judge's opinion
//   of a step). Like a real model's weights, it does not change from one request to the next.
// - `Rng`: a stream of draws for one sampled generation, seeded from the request seed and the content.
import { hashParts } from '../../random/hash';

export { hashParts };

/** A well-mixed number in [0, 1) fixed by the parts. */
export function hashUnit(...parts: readonly (string | number)[]): number {
  return hashParts(...parts) / 0x1_0000_0000;
}

/** A small, fast, seedable generator (sfc32). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seedParts: readonly (string | number)[]) {
    this.a = hashParts('a', ...seedParts);
    this.b = hashParts('b', ...seedParts);
    this.c = hashParts('c', ...seedParts);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 0x1_0000_0000;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  }

  /** Index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= Math.max(0, weights[i] ?? 0);
      if (target < 0) return i;
    }
    return weights.length - 1;
  }
}

/** Standard normal from two uniforms (Box–Muller). */
export function normalFrom(u1: number, u2: number): number {
  const safe = Math.max(u1, 1e-12);
  return Math.sqrt(-2 * Math.log(safe)) * Math.cos(2 * Math.PI * u2);
}

/** A fresh seed for requests that bring none (Ollama's default is a random seed too). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fff_ffff);
}
