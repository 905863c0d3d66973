// Where a stop string first occurs in generated text: shared by every place that holds text to stop strings
// itself (budget forcing, stop-at-budget, the simulated reasoner, the stand-in).

/** Where the first of `stops` begins in `text` at or after `from`, if any does (empty stops never match). */
export function firstStop(text: string, stops: readonly string[], from = 0): number | undefined {
  let first: number | undefined;
  for (const stop of stops) {
    const at = stop === '' ? -1 : text.indexOf(stop, from);
    if (at >= 0 && (first === undefined || at < first)) first = at;
  }
  return first;
}
