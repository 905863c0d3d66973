// Verifier scores in five bands, drawn with theme colours in the style sheet (classes, not inline colours).
export const SCORE_BANDS = [
  { label: 'under 0.2', min: 0 },
  { label: '0.2 – 0.4', min: 0.2 },
  { label: '0.4 – 0.6', min: 0.4 },
  { label: '0.6 – 0.8', min: 0.6 },
  { label: '0.8 and above', min: 0.8 },
] as const;

export function scoreBand(score: number | undefined): number | undefined {
  if (score === undefined || !Number.isFinite(score)) return undefined;
  const clamped = Math.min(1, Math.max(0, score));
  return Math.min(SCORE_BANDS.length - 1, Math.floor(clamped * SCORE_BANDS.length));
}

/** The CSS class of a score: `score-0` … `score-4`, or `score-none` for an unscored node. */
export function scoreClass(score: number | undefined): string {
  const band = scoreBand(score);
  return band === undefined ? 'score-none' : `score-${band}`;
}

export function formatScore(score: number | undefined): string {
  return score === undefined ? '–' : score.toFixed(2);
}
