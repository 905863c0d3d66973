// `ponder bench --verify --verifier prm`: the trained PRM against the log-probability judge on the same
// samples. Each sample is scored by both at its last step (the bench's aggregation, Snell et al.'s best);
// weighted best-of-N with each verifier's scores gives its accuracy at N samples, and its cost is what
// was processed per problem: the samples' generated tokens plus the tokens of each verification (the
// judge's prompt and its few generated tokens; the PRM's one forward pass over the chain). "At equal
// tokens" sets each judge budget beside the PRM at the most samples it can afford within the same tokens.
import type { UnitResult } from './cells';
import type { DrawnSample } from './streams';

export interface VerifierPoint {
  readonly samples: number;
  readonly accuracy: number;
  /** Generated plus verification tokens per problem, mean over problems and repeats. */
  readonly tokens: number;
}

export interface VerifierComparison {
  readonly judge: VerifierPoint[];
  readonly prm: VerifierPoint[];
  /** Per judge point: the PRM point with the most samples whose tokens do not exceed the judge's. */
  readonly atEqualTokens: { readonly judge: VerifierPoint; readonly prm: VerifierPoint | undefined }[];
  /** Repeats that had every sample scored by both (the others are left out). */
  readonly runs: number;
}

type Which = 'judge' | 'prm';

/** Weighted vote over the first `n` samples by `which`'s scores: is the winning answer correct? */
export function weightedCorrect(samples: readonly DrawnSample[], n: number, which: Which): boolean {
  const weights = new Map<string, { weight: number; correct: boolean; first: number }>();
  samples.slice(0, n).forEach((sample, index) => {
    if (sample.key === null) return;
    const score = sample.verifiers?.[which].score ?? 0;
    const entry = weights.get(sample.key) ?? { weight: 0, correct: sample.correct, first: index };
    entry.weight += score;
    weights.set(sample.key, entry);
  });
  let best: { weight: number; correct: boolean; first: number } | undefined;
  // Ties go to the answer seen first, as the bench's weighted vote does.
  for (const entry of weights.values()) if (!best || entry.weight > best.weight || (entry.weight === best.weight && entry.first < best.first)) best = entry;
  return best?.correct ?? false;
}

export function compareVerifiers(units: readonly UnitResult[], budgets: readonly number[]): VerifierComparison | undefined {
  const runs = units.flatMap((u) => u.drawn ?? []).filter((samples) => samples.length > 0 && samples.every((s) => s.verifiers !== undefined));
  if (runs.length === 0) return undefined;
  const curve = (which: Which): VerifierPoint[] =>
    [...budgets]
      .sort((a, b) => a - b)
      .filter((n) => runs.every((samples) => samples.length >= n))
      .map((n) => ({
        samples: n,
        accuracy: runs.filter((samples) => weightedCorrect(samples, n, which)).length / runs.length,
        tokens:
          runs.reduce((sum, samples) => sum + samples.slice(0, n).reduce((t, s) => t + (s.verifiers ? s.verifiers.generated + s.verifiers[which].tokens : 0), 0), 0) / runs.length,
      }));
  const judge = curve('judge');
  const prm = curve('prm');
  const atEqualTokens = judge.map((point) => ({ judge: point, prm: [...prm].reverse().find((p) => p.tokens <= point.tokens) }));
  return { judge, prm, atEqualTokens, runs: runs.length };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The comparison as Markdown (stdout and verifiers.md). */
export function renderVerifierComparison(c: VerifierComparison, prmName: string): string {
  const lines = [
    `Judge against PRM (${prmName}): weighted best-of-N on the same samples, each scored at its last step by both; ${c.runs} problem runs.`,
    '',
    '| samples | judge accuracy | judge tokens per problem | PRM accuracy | PRM tokens per problem |',
    '|---|---|---|---|---|',
    ...c.judge.map((j, i) => {
      const p = c.prm[i];
      return `| ${j.samples} | ${pct(j.accuracy)} | ${Math.round(j.tokens)} | ${p ? pct(p.accuracy) : '—'} | ${p ? Math.round(p.tokens) : '—'} |`;
    }),
    '',
    'At equal tokens (generated plus verification): the judge at N samples, the PRM at the most samples it can afford within the same tokens.',
    '',
    '| tokens per problem | judge | PRM |',
    '|---|---|---|',
    ...c.atEqualTokens.map(({ judge, prm }) => `| ${Math.round(judge.tokens)} | ${pct(judge.accuracy)} (N=${judge.samples}) | ${prm ? `${pct(prm.accuracy)} (N=${prm.samples}, ${Math.round(prm.tokens)} tokens)` : 'no budget fits'} |`),
  ];
  return `${lines.join('\n')}\n`;
}
