// The tables bench/search.ts prints from the per-problem records.
import type { Outcome, ProblemRecord } from './runs';

export const BIN_COUNT = 5;

/** Oracle difficulty bins (Snell et al.): quintiles of pass@1, bin 1 easiest; ties broken by problem order. */
export function oracleBins(records: readonly ProblemRecord[]): number[] {
  const order = records.map((r, i) => ({ p: r.passAt1, i })).sort((a, b) => b.p - a.p || a.i - b.i);
  const bins = new Array<number>(records.length).fill(0);
  order.forEach(({ i }, rank) => {
    bins[i] = Math.floor((rank * BIN_COUNT) / records.length) + 1;
  });
  return bins;
}

export interface Summary {
  readonly n: number;
  readonly accuracy: number;
  readonly ci: [number, number];
  readonly tokens: number;
}

export function summarise(outcomes: readonly Outcome[]): Summary {
  const n = outcomes.length;
  const k = outcomes.filter((o) => o.correct).length;
  return { n, accuracy: n === 0 ? 0 : k / n, ci: wilson(k, n), tokens: n === 0 ? 0 : outcomes.reduce((s, o) => s + o.tokens, 0) / n };
}

/** Wilson score interval for k successes in n trials, 95%. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function outcomesOf(records: readonly ProblemRecord[], id: string, bins?: readonly number[], bin?: number): Outcome[] {
  return records.flatMap((r, i) => {
    if (bin !== undefined && bins?.[i] !== bin) return [];
    const outcome = r.runs[id];
    return outcome ? [outcome] : [];
  });
}

export function pct(x: number): string {
  return (100 * x).toFixed(1);
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Accuracy of a family of configurations at a token level, interpolated linearly in log(tokens) between
 * the two configurations around it; undefined outside the family's range.
 */
export function interpolate(points: readonly { tokens: number; accuracy: number }[], tokens: number): number | undefined {
  const sorted = [...points].sort((a, b) => a.tokens - b.tokens);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as { tokens: number; accuracy: number };
    const b = sorted[i + 1] as { tokens: number; accuracy: number };
    if (tokens >= a.tokens && tokens <= b.tokens) {
      const t = (Math.log(tokens) - Math.log(a.tokens)) / (Math.log(b.tokens) - Math.log(a.tokens) || 1);
      return a.accuracy + t * (b.accuracy - a.accuracy);
    }
  }
  return undefined;
}

/** Paired comparison of two configurations on the same problems: both right, only a, only b. */
export function paired(records: readonly ProblemRecord[], a: string, b: string): { onlyA: number; onlyB: number } {
  let onlyA = 0;
  let onlyB = 0;
  for (const r of records) {
    const x = r.runs[a]?.correct ?? false;
    const y = r.runs[b]?.correct ?? false;
    if (x && !y) onlyA += 1;
    if (y && !x) onlyB += 1;
  }
  return { onlyA, onlyB };
}
