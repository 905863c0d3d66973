// Accuracy against compute, one line per strategy with 95% intervals: a Vega-Lite spec rendered to SVG
// in Node (no browser, no canvas). Two views per dataset: against mean samples and against mean tokens.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { BenchRecord } from './aggregate';
import type { DatasetPlan } from './run';

export type ComputeAxis = 'samples' | 'tokens';

export function plotSpec(dataset: string, records: readonly BenchRecord[], axis: ComputeAxis): TopLevelSpec {
  const rows = records
    .filter((r) => r.dataset === dataset)
    .map((r) => ({
      strategy: r.label,
      budget: r.budget,
      compute: axis === 'samples' ? r.meanSamples : r.meanTokens,
      accuracy: round1(r.accuracy * 100),
      low: round1(r.ci95[0] * 100),
      high: round1(r.ci95[1] * 100),
      timesOracle: r.timesOracle,
      // The oracle is the limit of stopping, not a rule: drawn dashed.
      kind: r.strategy === 'oracle' ? 'limit (oracle)' : 'strategy',
    }))
    .filter((r) => r.compute > 0);
  const xTitle = axis === 'samples' ? 'mean samples per problem (log scale)' : 'mean generated tokens per problem (log scale)';
  const x = { field: 'compute', type: 'quantitative' as const, scale: { type: 'log' as const, base: 2 }, title: xTitle };
  const color = { field: 'strategy', type: 'nominal' as const, title: 'strategy', sort: [...new Set(rows.map((r) => r.strategy))] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${dataset}: accuracy against ${axis === 'samples' ? 'samples' : 'tokens'}`,
      subtitle: 'each point is one budget; bars are 95% intervals; dashed: the oracle, the fewest samples any stopping rule can draw',
    },
    width: 560,
    height: 340,
    background: 'white',
    data: { values: rows },
    layer: [
      {
        mark: { type: 'errorbar', opacity: 0.45 },
        encoding: { x, y: { field: 'low', type: 'quantitative', title: 'accuracy (%)' }, y2: { field: 'high' }, color },
      },
      {
        mark: { type: 'line', point: true, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative', title: 'accuracy (%)', scale: { zero: false } },
          color,
          strokeDash: { field: 'kind', type: 'nominal', title: 'line', sort: ['strategy', 'limit (oracle)'] },
          tooltip: [{ field: 'strategy' }, { field: 'budget' }, { field: 'compute', format: '.2f' }, { field: 'accuracy' }, { field: 'timesOracle', title: '× oracle', format: '.2f' }],
        },
      },
    ],
  };
}

/**
 * --think-budgets: accuracy against mean total tokens (thinking, answer and verification), one curve per
 * thinking budget, each point a number of samples voted over (majority vote, or the first strategy run).
 */
export function thinkingPlotSpec(dataset: string, records: readonly BenchRecord[], plans: readonly DatasetPlan[]): TopLevelSpec {
  const budgetOf = new Map(plans.map((p) => [p.dataset.name, p.dataset.thinkBudget ?? 0]));
  const strategy = records.some((r) => r.strategy === 'majority') ? 'majority' : records.find((r) => r.strategy !== 'oracle')?.strategy;
  const rows = records
    .filter((r) => r.strategy === strategy && budgetOf.has(r.dataset) && r.meanTokens > 0)
    .map((r) => {
      const budget = budgetOf.get(r.dataset) ?? 0;
      return {
        thinking: budget === 0 ? 'no thinking' : `thinking budget ${budget}`,
        order: budget,
        samples: r.budget,
        tokens: r.meanTokens,
        accuracy: round1(r.accuracy * 100),
        low: round1(r.ci95[0] * 100),
        high: round1(r.ci95[1] * 100),
      };
    });
  const x = { field: 'tokens', type: 'quantitative' as const, scale: { type: 'log' as const, base: 2 }, title: 'mean total tokens per problem: thinking + answer + verification (log scale)' };
  const color = { field: 'thinking', type: 'nominal' as const, title: 'thinking', sort: [...new Set([...rows].sort((a, b) => a.order - b.order).map((r) => r.thinking))] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${dataset}: accuracy against tokens, one curve per thinking budget`,
      subtitle: `${strategy ?? 'no strategy'} over 1, 2, 4, … samples along each curve; bars are 95% intervals`,
    },
    width: 560,
    height: 340,
    background: 'white',
    data: { values: rows },
    layer: [
      { mark: { type: 'errorbar', opacity: 0.45 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: 'accuracy (%)' }, y2: { field: 'high' }, color } },
      {
        mark: { type: 'line', point: true, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative', title: 'accuracy (%)', scale: { zero: false } },
          color,
          order: { field: 'samples', type: 'quantitative' },
          tooltip: [{ field: 'thinking' }, { field: 'samples' }, { field: 'tokens', format: '.0f' }, { field: 'accuracy' }],
        },
      },
    ],
  };
}

/** Renders a Vega-Lite spec to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
