// What `ponder bench --think-budgets … --fit-policy` prints and writes about the thinking axis: the fitted
// policy's per-bin thinking choices, and the policy on held-out problems against every fixed setting.
import type { FitReport } from './fit';
import { priorDecisionSentence } from './fit-prior';
import type { FixedSetting, ThinkingComparison } from './think-fit';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function settingName(f: Pick<FixedSetting, 'thinkBudget' | 'samples'>): string {
  return `${f.thinkBudget === 0 ? 'no thinking' : `thinking ${f.thinkBudget}`} × majority@${f.samples}`;
}

function probeThinking(fit: FitReport): string {
  const think = fit.policy.probe.think;
  if (!think) return 'sampling as the run does';
  return think.mode === 'off' ? 'without thinking' : `thinking${think.budget === undefined ? '' : ` at ${think.budget} tokens`}`;
}

/** "1 repeat in 8 orders of its samples": how many runs each problem was scored in. */
function runsPerProblem(c: ThinkingComparison): string {
  const repeats = Math.max(1, Math.round(c.repeats / Math.max(1, c.orders)));
  const head = `${repeats} repeat${repeats === 1 ? '' : 's'}`;
  return c.orders > 1 ? `${head} in ${c.orders} orders of its samples` : head;
}

/** What each problem's policy was fitted on: "the other half", "the other 4 folds". */
export function otherFolds(folds: number): string {
  return folds <= 2 ? 'the other half' : `the other ${folds - 1} folds`;
}

/** The lines printed on stdout: adaptive against the best fixed setting and each fixed setting, with the ratio. */
export function thinkingSummary(dataset: string, c: ThinkingComparison): string {
  const lines = [
    `${dataset}: thinking axis, ${c.problems} problems × ${runsPerProblem(c)}, each scored by the policy fitted on ${otherFolds(c.folds)}:`,
    `  adaptive (fitted)            accuracy ${pct(c.adaptive.accuracy)} [${pct(c.adaptive.ci95[0])}, ${pct(c.adaptive.ci95[1])}], ${c.adaptive.meanTokens.toFixed(0)} tokens per problem`,
    `  best fixed: ${settingName(c.best).padEnd(17)} accuracy ${pct(c.best.accuracy)}, ${c.best.meanTokens.toFixed(0)} tokens per problem`,
    `  adaptive / best fixed tokens: ${(c.tokenRatio * 100).toFixed(1)}%; adaptive ${c.reachesBest ? 'reaches' : 'does not reach'} the best fixed accuracy (${((c.adaptive.accuracy - c.best.accuracy) * 100).toFixed(1)} points)`,
    `  every fixed setting (accuracy, tokens per problem, adaptive tokens as a share of its):`,
    ...c.fixed.map((f) => `    ${settingName(f).padEnd(28)} ${pct(f.accuracy).padStart(6)}  ${f.meanTokens.toFixed(0).padStart(7)}  ${((c.adaptive.meanTokens / Math.max(1e-9, f.meanTokens)) * 100).toFixed(0)}%`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The report's section: the same figures as a table, and what the fit chose per bin and why. */
export function thinkingSection(fit: FitReport): string[] {
  const c = fit.thinking;
  if (!c) return [];
  const prior = priorDecisionSentence(fit.policy);
  const out = [
    `### Thinking axis: adaptive against fixed settings`,
    '',
    `Every problem is scored by the policy fitted on ${otherFolds(c.folds)} of the problems (${c.problems} problems × ${runsPerProblem(c)}; every setting in the same orders of the same samples). ` +
      `Tokens are every generated token: thinking, answer and verification.`,
    '',
    '| setting | accuracy | tokens per problem | adaptive tokens as a share |',
    '|---|---|---|---|',
    `| **adaptive (fitted)** | ${pct(c.adaptive.accuracy)} [${pct(c.adaptive.ci95[0])}, ${pct(c.adaptive.ci95[1])}] | ${c.adaptive.meanTokens.toFixed(0)} | |`,
    ...c.fixed.map((f) => `| ${settingName(f)}${f === c.best || (f.thinkBudget === c.best.thinkBudget && f.samples === c.best.samples) ? ' (best fixed)' : ''} | ${pct(f.accuracy)} | ${f.meanTokens.toFixed(0)} | ${((c.adaptive.meanTokens / Math.max(1e-9, f.meanTokens)) * 100).toFixed(0)}% |`),
    '',
    `Adaptive spends ${(c.tokenRatio * 100).toFixed(1)}% of the best fixed setting's tokens and ${c.reachesBest ? 'reaches' : 'does not reach'} its accuracy ` +
      `(${((c.adaptive.accuracy - c.best.accuracy) * 100).toFixed(1)} points).`,
    '',
    `Per bin, fitted on all problems, the probe ${probeThinking(fit)}. The fit reads each problem's samples in ${typeof fit.policy.meta?.orders === 'number' ? fit.policy.meta.orders : 1} orders, ` +
      'so a problem counts in every bin one of its orders fell in; accuracy and tokens are per run.',
    '',
    ...(prior ? [prior, ''] : []),
    '| bin | problems | thinking | strategy | accuracy | tokens per run | why |',
    '|---|---|---|---|---|---|---|',
    ...fit.choices.map(
      (b) =>
        `| ${b.bin} | ${b.problems} | ${b.chosen.think ? (b.chosen.think.mode === 'off' ? 'off' : `${b.chosen.think.mode}, budget ${b.chosen.think.budget ?? '—'}`) : 'as run'} | ${b.chosen.strategy} (share ${b.chosen.budgetShare}, stop ${b.chosen.stopThreshold}) | ${pct(b.accuracy)} | ${b.meanTokens.toFixed(0)} | ${b.why ?? ''} |`,
    ),
    '',
  ];
  return out;
}
