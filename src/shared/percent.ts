// Percentages that never round to a certainty they do not have: 0.996 is "99.6%", not "100%"; 0.003 is
// "0.3%", not "0%". Only exactly 1 shows 100% and only exactly 0 shows 0%.

/** `value` in [0, 1] as a percentage with `digits` decimals, more where rounding would reach 0% or 100%. */
export function formatPercent(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 1) return '100%';
  if (value <= 0) return '0%';
  const percent = value * 100;
  for (let places = digits; places <= Math.max(digits, 1); places += 1) {
    const text = percent.toFixed(places);
    const shown = Number(text);
    if (shown < 100 && shown > 0) return `${text}%`;
  }
  const finest = Math.max(digits, 1);
  const step = (10 ** -finest).toFixed(finest);
  return percent >= 50 ? `>${(100 - Number(step)).toFixed(finest)}%` : `<${step}%`;
}
