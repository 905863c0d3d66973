// Confidence intervals. Accuracy is the mean over problems of each problem's accuracy over the repeats;
// its 95% interval is a percentile bootstrap over problems (seeded, so reruns agree), which accounts for
// the finite set of problems as well as for the random orders.
import { seededRandom } from '../../engine/model/replay';

export const BOOTSTRAP_RESAMPLES = 2000;

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Percentile-bootstrap 95% interval of the mean of `values`. */
export function bootstrapInterval(values: readonly number[], ...seedParts: readonly (string | number)[]): [number, number] {
  const n = values.length;
  if (n === 0) return [0, 0];
  if (values.every((v) => v === values[0])) return [values[0] ?? 0, values[0] ?? 0];
  const random = seededRandom('bootstrap', ...seedParts);
  const means = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)] ?? 0;
    means[b] = sum / n;
  }
  means.sort();
  return [quantile(means, 0.025), quantile(means, 0.975)];
}

function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? 0;
  const b = sorted[high] ?? a;
  return a + (b - a) * (position - low);
}

/** Rounds for stable, readable JSON. */
export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
