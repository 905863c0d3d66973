// Incremental vote counting for the controllers: counts, verifier weights and first appearance per answer
// key, kept so that the leader and runner-up are available after every sample without re-sorting.
// Ties go to the answer that appeared first: over random orders that is a fair coin, and it makes a run
// that stops early agree with the full run whenever the remaining samples cannot change the winner.

interface Entry {
  votes: number;
  weight: number;
  first: number;
  /** Samples of this answer with a verifier score. */
  scored: number;
  /** Sum and count of the samples' token confidence (see Observation.confidence). */
  confidenceSum: number;
  confident: number;
  tokens: number;
}

export interface Standing {
  readonly key: string;
  readonly votes: number;
  readonly weight: number;
  readonly first: number;
}

export class VoteTally {
  private readonly entries = new Map<string, Entry>();
  /** Samples seen, with or without an answer. */
  samples = 0;
  tokens = 0;
  /** Samples with an answer. */
  answered = 0;
  scoreSum = 0;
  scored = 0;
  confidenceSum = 0;
  confident = 0;

  add(key: string | null, score: number | null | undefined, tokens: number, confidence?: number | null): void {
    this.samples += 1;
    this.tokens += tokens;
    const hasScore = typeof score === 'number' && Number.isFinite(score);
    const hasConfidence = typeof confidence === 'number' && Number.isFinite(confidence);
    if (hasScore) {
      this.scoreSum += score;
      this.scored += 1;
    }
    if (hasConfidence) {
      this.confidenceSum += confidence;
      this.confident += 1;
    }
    if (key === null) return;
    this.answered += 1;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { votes: 0, weight: 0, first: this.samples, scored: 0, confidenceSum: 0, confident: 0, tokens: 0 };
      this.entries.set(key, entry);
    }
    entry.votes += 1;
    entry.tokens += tokens;
    if (hasScore) {
      entry.weight += score;
      entry.scored += 1;
    }
    if (hasConfidence) {
      entry.confidenceSum += confidence;
      entry.confident += 1;
    }
  }

  /** What the samples of one answer carry beyond votes: scores, token confidence and length. */
  evidenceOf(key: string): { scored: number; scoreSum: number; confident: number; confidenceSum: number; tokens: number } | undefined {
    const e = this.entries.get(key);
    return e ? { scored: e.scored, scoreSum: e.weight, confident: e.confident, confidenceSum: e.confidenceSum, tokens: e.tokens } : undefined;
  }

  get distinct(): number {
    return this.entries.size;
  }

  /** The two answers with most votes (ties: first seen), best first. */
  topTwo(): [Standing | undefined, Standing | undefined] {
    let best: Standing | undefined;
    let second: Standing | undefined;
    for (const [key, e] of this.entries) {
      const s: Standing = { key, votes: e.votes, weight: e.weight, first: e.first };
      if (!best || beatsByVotes(s, best)) {
        second = best;
        best = s;
      } else if (!second || beatsByVotes(s, second)) {
        second = s;
      }
    }
    return [best, second];
  }

  /** Majority vote: most votes, ties to the answer seen first. */
  majority(): string | null {
    return this.topTwo()[0]?.key ?? null;
  }

  /**
   * Verifier-weighted vote (Snell et al.'s weighted best-of-N): the largest sum of scores; ties by votes,
   * then first seen. Without any score it is the majority vote.
   */
  weighted(): string | null {
    if (this.scored === 0) return this.majority();
    let best: Standing | undefined;
    for (const [key, e] of this.entries) {
      const s: Standing = { key, votes: e.votes, weight: e.weight, first: e.first };
      if (!best || s.weight > best.weight || (s.weight === best.weight && beatsByVotes(s, best))) best = s;
    }
    return best?.key ?? null;
  }

  votesOf(key: string): number {
    return this.entries.get(key)?.votes ?? 0;
  }
}

function beatsByVotes(a: Standing, b: Standing): boolean {
  return a.votes > b.votes || (a.votes === b.votes && a.first < b.first);
}
