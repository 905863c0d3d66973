// Content hashing for seeds: the simulated reasoner (fixed per-problem traits) and the replay model (sample
// orders) both need a number that depends only on some strings and numbers, the same on every machine.

/** 32-bit FNV-1a over the parts, each followed by a separator so that ("ab","c") ≠ ("a","bc"). */
export function hashParts(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? `#${part}` : part;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return finalise(h);
}

/** Murmur3's finaliser: spreads every input bit over the output. */
function finalise(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
