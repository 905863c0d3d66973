// `--think off|on|low|medium|high`, `--think-budget N` and `--think-min N` for `ponder solve`, and the per-sample thinking
// report of `--json`. A bare `--think` (the older boolean flag) still means `on`. `ponder mcp` checks its tool's
// `think`, `thinkBudget` and `thinkMin` inputs with the same rules (thinkSettings).
import type { TreeSnapshot } from '../protocol/tree';
import type { SolveOptions } from '../engine/solve';
import { integerOption } from './options';
import { UsageError } from './read-problem';

export const THINK_MODES = ['off', 'on', 'low', 'medium', 'high'] as const;
export type ThinkMode = (typeof THINK_MODES)[number];

/** The largest budget accepted: more than any local model's context. */
export const MAX_THINK_BUDGET = 1_000_000;

/**
 * Rewrites a bare `--think` as `--think=on`, so the older boolean flag keeps its meaning: bare when nothing
 * follows, another option follows, or what follows has spaces (the problem, as in `--think "What is …?"`).
 * A single word after it is taken as the mode, and a wrong one is reported.
 */
export function normaliseThinkFlag(argv: readonly string[]): string[] {
  return argv.map((arg, i) => {
    const next = argv[i + 1];
    const bare = next === undefined || next.startsWith('-') || /\s/u.test(next.trim());
    return arg === '--think' && bare ? '--think=on' : arg;
  });
}

/** How the three thinking settings are named where they were given: in messages, the user's own words. */
export interface ThinkNames {
  readonly mode: string;
  readonly modeOff: string;
  readonly budget: string;
  readonly minimum: string;
}

export const CLI_THINK_NAMES: ThinkNames = { mode: '--think', modeOff: '--think off', budget: '--think-budget', minimum: '--think-min' };

/** `think` and `thinkBudget` for solve() from command-line text, validated with messages that say what to write instead. */
export function thinkOptions(
  mode: string | undefined,
  budget: string | undefined,
  minimum?: string,
): Pick<SolveOptions, 'think' | 'thinkBudget' | 'thinkMinTokens'> {
  return thinkSettings(
    mode,
    integerOption('--think-budget', budget, { min: 1, max: MAX_THINK_BUDGET }),
    integerOption('--think-min', minimum, { min: 1, max: MAX_THINK_BUDGET }),
  );
}

/**
 * The checks between the three settings, shared by `ponder solve` and the MCP tool so both refuse the same
 * combinations with the same reasons; `names` words the message as the caller wrote them, `fail` makes the
 * caller's kind of error. Numbers arrive already range-checked (by the option parser or the tool's schema).
 */
export function thinkSettings(
  mode: string | undefined,
  budget: number | undefined,
  minimum: number | undefined,
  names: ThinkNames = CLI_THINK_NAMES,
  fail: (message: string) => Error = (message) => new UsageError(message),
): Pick<SolveOptions, 'think' | 'thinkBudget' | 'thinkMinTokens'> {
  const options: Pick<SolveOptions, 'think' | 'thinkBudget' | 'thinkMinTokens'> = {};
  if (mode !== undefined) {
    const value = mode.toLowerCase();
    if (!(THINK_MODES as readonly string[]).includes(value)) {
      throw fail(`${names.mode} must be one of ${THINK_MODES.join(', ')}, not "${mode}"`);
    }
    options.think = value === 'off' ? false : value === 'on' ? true : (value as 'low' | 'medium' | 'high');
  }
  if (budget !== undefined) {
    if (options.think === false) throw fail(`${names.budget} needs thinking: drop ${names.modeOff}, or drop the budget`);
    // Left to the model otherwise: Ollama's thinking models think by default, and asking a model that cannot
    // think to think is an error there.
    options.thinkBudget = budget;
  }
  if (minimum !== undefined) {
    if (options.thinkBudget === undefined) throw fail(`${names.minimum} needs ${names.budget}: the trace is extended only within a budget`);
    if (minimum > options.thinkBudget) throw fail(`${names.minimum} (${minimum}) must be at most ${names.budget} (${options.thinkBudget})`);
    options.thinkMinTokens = minimum;
  }
  return options;
}

export interface SampleThinking {
  readonly sample: number | null;
  readonly node: string;
  readonly tokens: number;
  readonly budget: number | null;
  readonly ending: string | null;
  readonly extensions: number;
  /** What `budget` was: a thinking budget, or the generation's trace allowance (no budget set). */
  readonly limit: 'budget' | 'allowance' | null;
}

/** Every generation's thinking outcome, in tree order, by sample. */
export function thinkingBySample(tree: TreeSnapshot): SampleThinking[] {
  return tree.nodes
    .filter((node) => node.thinkingTokens !== undefined)
    .map((node) => ({
      sample: node.sample ?? null,
      node: node.id,
      tokens: node.thinkingTokens ?? 0,
      budget: node.thinkingBudget ?? null,
      ending: node.thinkingEnding ?? null,
      extensions: node.thinkingExtensions ?? 0,
      limit: node.thinkingBudget === undefined ? null : node.thinkingLimit === 'allowance' ? 'allowance' : 'budget',
    }));
}
