// report.md: what was run, the adaptive-vs-baselines statement, and tables per dataset. Everything in it
// comes from the records, so the same seed gives the same report.
import { priorDecisionSentence } from './fit-prior';
import type { BenchRecord } from './aggregate';
import type { ComparedRow, Comparison, Reading } from './compare';
import { ACCURACY_TOLERANCE } from './compare';
import type { FitReport, PolicyScore } from './fit';
import { MIN_PROBLEMS_PER_BIN } from './fit';
import type { DatasetPlan } from './run';
import { thinkingSection } from './think-report';

export interface ReportInput {
  readonly backend: string;
  readonly backendLabel: string;
  readonly seed: number;
  readonly repeats: number;
  readonly plans: readonly DatasetPlan[];
  readonly records: readonly BenchRecord[];
  readonly comparisons: readonly Comparison[];
  readonly fits: readonly FitReport[];
  /** SVG file names per dataset. */
  readonly plots: ReadonlyMap<string, readonly string[]>;
  readonly policyDescription: string;
  readonly command: string;
}

export function renderReport(input: ReportInput): string {
  const out: string[] = [];
  out.push(`# Ponder bench: accuracy against compute`, '');
  out.push(`Command: \`${input.command}\``, '');
  out.push(
    `Backend: ${input.backendLabel}. Seed ${input.seed}; ${input.repeats} repeat${input.repeats === 1 ? '' : 's'} per problem${input.backend === 'replay' ? ' (each a different seeded random order of the recorded samples)' : ''}. ` +
      'Every strategy of a repeat reads the same samples in the same order, so strategies are compared on identical draws.',
    '',
  );
  out.push(
    'Accuracy: share of problems answered correctly, averaged over the repeats; the 95% interval is a percentile bootstrap over problems. ' +
      'Samples and tokens are means per problem. A budget is the most samples a strategy may draw for one problem. ' +
      `Ponder adaptive uses ${input.policyDescription}.`,
    '',
  );
  for (const plan of input.plans) out.push(...datasetSection(plan, input));
  // --think-budgets: per dataset, the curves by thinking budget and (with --fit-policy) the thinking axis.
  for (const base of [...new Set(input.plans.flatMap((p) => (p.dataset.base ? [p.dataset.base] : [])))]) {
    out.push(`## ${base}: thinking budgets`, '');
    out.push('Each thinking budget is a copy of the dataset sampled with that budget (0: no thinking); the plot puts every copy on one token axis.', '');
    for (const plot of (input.plots.get(base) ?? []).filter((p) => p.includes('by-thinking-budget'))) out.push(`![${base}: ${plot}](${plot})`, '');
    const fit = input.fits.find((f) => f.dataset === base);
    if (fit) out.push(...thinkingSection(fit));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function datasetSection(plan: DatasetPlan, input: ReportInput): string[] {
  const { dataset } = plan;
  const records = input.records.filter((r) => r.dataset === dataset.name);
  const out: string[] = [`## ${dataset.name}`, ''];
  const recordedPart = dataset.maxRecorded > 0 ? `, up to ${dataset.maxRecorded} recorded samples each` : '';
  out.push(`${dataset.problems.length} problems${recordedPart}${dataset.path ? ` (\`${displayPath(dataset.path)}\`)` : ''}${dataset.hasScores ? '; samples carry verifier scores' : ''}.`);
  for (const note of dataset.notes) out.push('', `Note: ${note}`);
  for (const skipped of plan.skipped) out.push('', `Not run: ${skipped}`);
  if (dataset.lineErrors.length > 0) {
    const shown = dataset.lineErrors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`).join('; ');
    out.push('', `Skipped ${dataset.lineErrors.length} broken line${dataset.lineErrors.length === 1 ? '' : 's'} (${shown}${dataset.lineErrors.length > 5 ? '; …' : ''}).`);
  }
  out.push('');
  const comparison = input.comparisons.find((c) => c.dataset === dataset.name);
  if (comparison?.target) out.push(...comparisonSection(comparison));
  out.push('### Accuracy against compute', '');
  out.push(
    'The oracle knows the answer majority@budget will give and stops at the first sample count whose leading answer is already that one: ' +
      'its accuracy is majority\'s and its samples are the fewest any stopping rule can draw there. "× oracle" is each row\'s mean samples over the oracle\'s at the same budget.',
    '',
  );
  out.push('| strategy | budget | accuracy (95% interval) | mean samples | × oracle | mean tokens | wall time / problem | stopped because |');
  out.push('|---|---:|---|---:|---:|---:|---:|---|');
  for (const r of records) {
    const stops = r.strategy === 'oracle' ? 'hindsight: majority\'s answer is known' : formatStops(r.stops);
    out.push(`| ${r.label} | ${r.budget} | ${pct(r.accuracy)} (${pct(r.ci95[0])}–${pct(r.ci95[1])}) | ${r.meanSamples.toFixed(2)} | ${formatTimes(r.timesOracle)} | ${formatTokens(r.meanTokens)} | ${r.meanWallMs === null ? '—' : formatMs(r.meanWallMs)} | ${stops} |`);
  }
  if (records.every((r) => r.meanWallMs === null)) out.push('', 'Wall time: recorded samples carry no timing, so replay reports none (the run itself takes seconds).');
  out.push('');
  for (const plot of input.plots.get(dataset.name) ?? []) out.push(`![${dataset.name}: ${plot}](${plot})`, '');
  const maxBudget = Math.max(...plan.budgets);
  const atMax = records.filter((r) => r.budget === maxBudget);
  const levelled = atMax.filter((r) => r.levels && r.levels.length > 0);
  if (levelled.length > 0) out.push(...levelSection(levelled, maxBudget));
  const adaptive = atMax.find((r) => r.strategy === 'adaptive');
  if (adaptive?.bins) {
    out.push(`### Ponder adaptive by estimated difficulty (budget ${maxBudget})`, '');
    out.push('The probe puts each (problem, order) in a bin; the policy then sets that bin\'s cap and stopping threshold.', '');
    out.push('| bin | share of runs | accuracy | mean samples |', '|---:|---:|---:|---:|');
    for (const bin of adaptive.bins) out.push(`| ${bin.bin} | ${pct(bin.share)} | ${bin.share === 0 ? '—' : pct(bin.accuracy)} | ${bin.share === 0 ? '—' : bin.meanSamples.toFixed(2)} |`);
    out.push('');
  }
  const fit = input.fits.find((f) => f.dataset === dataset.name);
  if (fit) out.push(...fitSection(fit));
  return out;
}

function comparisonSection(c: Comparison): string[] {
  const out = ['### Ponder adaptive against the baselines', '', c.statement, ''];
  if (!c.target) return out;
  const row = (name: string, r: ComparedRow): string =>
    `| ${name} | ${r.budget} | ${(r.accuracy * 100).toFixed(2)}% | ${r.meanSamples.toFixed(2)} | ${formatTimes(r.timesOracle)} | ${formatTokens(r.meanTokens)} |`;
  const table = (title: string, reading: Reading | undefined, adaptiveName: string): void => {
    if (!reading) return;
    out.push(title, '', '| strategy | budget | accuracy | mean samples | × oracle | mean tokens |', '|---|---:|---:|---:|---:|---:|');
    out.push(row(`majority@${c.maxBudget} (target)`, c.target as ComparedRow));
    if (reading.adaptive) out.push(row(adaptiveName, reading.adaptive));
    else if (c.adaptiveAtMax) out.push(row(`${adaptiveName} (outside the tolerance)`, c.adaptiveAtMax));
    for (const b of reading.baselines) out.push(row(b.label, b));
    if (c.oracle) out.push(row(`oracle@${c.maxBudget} (the limit)`, c.oracle));
    out.push('');
  };
  const tolerance = `${ACCURACY_TOLERANCE * 100} points`;
  table(`At the same maximum (${c.maxBudget}): the strategies within ${tolerance} of majority@${c.maxBudget}.`, c.sameMaximum, 'Ponder adaptive');
  table(`At equal accuracy across budgets: each strategy's cheapest budget within ${tolerance} of majority@${c.maxBudget}.`, c.equalAccuracy, 'Ponder adaptive');
  return out;
}

function levelSection(records: readonly BenchRecord[], budget: number): string[] {
  const levels = [...new Set(records.flatMap((r) => (r.levels ?? []).map((l) => l.level)))].sort((a, b) => a - b);
  const out = [`### By difficulty level (budget ${budget})`, '', 'Accuracy and, in brackets, mean samples per problem.', ''];
  const counts = levels.map((l) => records[0]?.levels?.find((x) => x.level === l)?.problems ?? 0);
  out.push(`| strategy | ${levels.map((l, i) => `level ${l} (${counts[i]} problems)`).join(' | ')} |`);
  out.push(`|---|${levels.map(() => '---:').join('|')}|`);
  for (const r of records) {
    const cells = levels.map((l) => {
      const x = r.levels?.find((y) => y.level === l);
      return x ? `${pct(x.accuracy)} (${x.meanSamples.toFixed(1)})` : '—';
    });
    out.push(`| ${r.label} | ${cells.join(' | ')} |`);
  }
  out.push('');
  return out;
}

function fitSection(fit: FitReport): string[] {
  const out = [`### Policy fit (budget ${fit.budget})`, ''];
  out.push(
    'Per difficulty bin, against the base policy\'s setting on the same runs: the setting that is confidently more accurate (lower 95% bound of the gain above 0, counted per problem), ' +
      `else the cheapest setting whose loss is confidently under ${fit.tolerance * 100} points of overall accuracy, else the base setting. ` +
      (fit.folds.length <= 2
        ? 'Two-fold cross-validation on a seeded split of the problems; each fold is scored on the half it was not fitted on.'
        : `${fit.folds.length}-fold cross-validation on a seeded split of the problems; each fold is scored by the policy fitted on the other ${fit.folds.length - 1}.`),
    '',
  );
  out.push('| fold | policy | held-out accuracy (95% interval) | mean samples |', '|---|---|---|---:|');
  const row = (fold: string, name: string, s: PolicyScore): string => `| ${fold} | ${name} | ${pct(s.accuracy)} (${pct(s.ci95[0])}–${pct(s.ci95[1])}) | ${s.meanSamples.toFixed(2)} |`;
  for (const f of fit.folds) {
    out.push(row(f.fold, 'base (built-in or --policy)', f.base));
    out.push(row(f.fold, 'fitted', f.fitted));
  }
  const mean = (pick: (f: FitReport['folds'][number]) => PolicyScore): { accuracy: number; samples: number } => ({
    accuracy: fit.folds.reduce((s, f) => s + pick(f).accuracy, 0) / Math.max(1, fit.folds.length),
    samples: fit.folds.reduce((s, f) => s + pick(f).meanSamples, 0) / Math.max(1, fit.folds.length),
  });
  const base = mean((f) => f.base);
  const fitted = mean((f) => f.fitted);
  const diff = (fitted.accuracy - base.accuracy) * 100;
  const verdict =
    diff > ACCURACY_TOLERANCE * 100
      ? 'the fitted policy beats the base policy on accuracy'
      : diff >= -ACCURACY_TOLERANCE * 100
        ? `the fitted policy matches the base policy's accuracy (within ${ACCURACY_TOLERANCE * 100} points)`
        : 'the fitted policy is less accurate than the base policy';
  const samples =
    Math.abs(fitted.samples - base.samples) < 0.005
      ? 'drawing as many samples'
      : fitted.samples < base.samples
        ? `drawing ${(base.samples / fitted.samples).toFixed(2)}× fewer samples`
        : `drawing ${(fitted.samples / base.samples).toFixed(2)}× more samples`;
  out.push('', `Held-out mean over the folds: base ${pct(base.accuracy)} with ${base.samples.toFixed(2)} samples, fitted ${pct(fitted.accuracy)} with ${fitted.samples.toFixed(2)} samples (${diff >= 0 ? '+' : ''}${diff.toFixed(2)} points): ${verdict}, ${samples}.`, '');
  out.push(`Policy fitted on all problems (written to \`policy-${fit.dataset.replace(/[^\w.-]+/g, '_')}.json\`; use it with --policy):`, '');
  out.push('| bin | problems | runs | setting | budget share | stop threshold | accuracy | best candidate accuracy | mean samples |', '|---:|---:|---:|---|---:|---:|---:|---:|---:|');
  for (const c of fit.choices) {
    const params = Object.entries(c.chosen.params).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    const setting = `${c.chosen.strategy}${params ? ` (${params})` : ''}${c.kept ? ', kept from the base' : ''}`;
    out.push(`| ${c.bin} | ${c.problems} | ${c.runs} | ${setting} | ${c.chosen.budgetShare} | ${c.chosen.stopThreshold} | ${pct(c.accuracy)} | ${pct(c.bestAccuracy)} | ${c.meanSamples.toFixed(2)} |`);
  }
  out.push('', `Difficulty cuts: ${fit.policy.difficulty.cuts.map((c) => c.toFixed(3)).join(', ')}${fit.policy.meta?.cuts === 'quintiles of the probe estimates' ? ' (quintiles of the probe\'s estimates on these problems, --fit-cuts)' : ' (the base policy\'s)'}.`);
  out.push('', `A bin seen on fewer than ${MIN_PROBLEMS_PER_BIN} problems keeps the base setting.`);
  const prior = priorDecisionSentence(fit.policy);
  if (prior) out.push('', prior);
  out.push('');
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function formatTimes(x: number | null): string {
  return x === null ? '—' : `${x.toFixed(2)}×`;
}

function formatTokens(x: number): string {
  return x >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function formatStops(stops: BenchRecord['stops']): string {
  const parts = Object.entries(stops)
    .filter(([, share]) => (share ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([reason, share]) => `${reason} ${Math.round((share ?? 0) * 100)}%`);
  return parts.join(', ');
}

/** Paths inside the project are shown relative to it; others as given. */
function displayPath(path: string): string {
  const at = path.lastIndexOf('/bench/data/');
  return at >= 0 ? path.slice(at + 1) : path;
}
