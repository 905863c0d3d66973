// The thinking step of the fixed-budget picker, without vscode: the items it offers, how a typed budget is
// read, and whether to show the step at all (pure, so it is unit-tested).
import type { ThinkMode } from '../../protocol/settings';
import { MAX_CONTEXT_LENGTH, MIN_THINK_BUDGET, THINK_MODES } from '../../protocol/settings';

/** Whether the model that will answer can think, as far as the server can tell. */
export type ThinkingCapability = 'thinks' | 'cannot-think' | 'unknown';

export interface ThinkItem {
  label: string;
  description: string;
  detail: string;
  /** undefined: keep the settings (the first item, so Enter skips the step). */
  mode?: ThinkMode;
}

const MODE_DETAIL: Record<ThinkMode, string> = {
  off: 'Answer at once: more samples for the same tokens (gpt-oss, which always thinks, thinks at its lowest level)',
  on: 'Think before each answer, as long as the model likes (or up to a budget, next)',
  low: 'A short think (gpt-oss takes the level; other thinking models think as with on)',
  medium: 'A medium think (gpt-oss takes the level; other thinking models think as with on)',
  high: 'A long think (gpt-oss takes the level; other thinking models think as with on)',
};

/** Describes a budget in words: `no budget` or `budget 256 tokens`. */
export function describeBudget(budget: number): string {
  return budget === 0 ? 'no budget' : `budget ${budget} tokens`;
}

/** The step shows for a model that thinks, and for one Ponder cannot tell about; not for one that cannot think. */
export function showThinkingStep(capability: ThinkingCapability): boolean {
  return capability !== 'cannot-think';
}

/**
 * The thinking step's items: first "as in settings" (Enter skips the step), then each mode with what it
 * costs. `unknown` adds a note to the placeholder (see `thinkingPlaceholder`).
 */
export function thinkItems(current: ThinkMode, budget: number): ThinkItem[] {
  return [
    { label: 'As in settings', description: `${current}, ${describeBudget(budget)}`, detail: 'ponder.think and ponder.thinkBudget' },
    ...THINK_MODES.map((mode) => ({ label: mode, description: mode === current ? 'current setting' : '', detail: MODE_DETAIL[mode], mode })),
  ];
}

export function thinkingPlaceholder(model: string, capability: ThinkingCapability): string {
  const base = 'Thinking before each answer (Enter keeps the settings)';
  return capability === 'unknown' ? `${base}; Ponder cannot tell whether ${model} thinks: a model that cannot ignores this` : base;
}

/** The budget box's rule, shown as its prompt and as the message for a bad value. */
export const BUDGET_RULE = `Thinking tokens per sample: at the budget the trace is closed and the answer forced. 0 = no budget; otherwise ${MIN_THINK_BUDGET} to ${MAX_CONTEXT_LENGTH}.`;

/** A typed budget: the number, or the message that says what to type. Blank means no budget. */
export function parseBudget(text: string): { budget: number } | { message: string } {
  const value = text.trim().replace(/[_,\s]/g, '');
  if (value === '') return { budget: 0 };
  if (!/^\d+$/.test(value)) return { message: `A whole number of tokens. ${BUDGET_RULE}` };
  const budget = Number(value);
  if (budget !== 0 && (budget < MIN_THINK_BUDGET || budget > MAX_CONTEXT_LENGTH)) return { message: BUDGET_RULE };
  return { budget };
}

/** What the thinking step asks through (VS Code's quick pick and input box; fakes in tests). */
export interface ThinkingPrompts {
  /** Resolves with the chosen item, or undefined on Escape. */
  pickMode(items: readonly ThinkItem[], placeholder: string): Promise<ThinkItem | undefined>;
  /** Resolves with an accepted budget (the box accepts only what parseBudget reads), or undefined on Escape. */
  askBudget(mode: ThinkMode, initial: string): Promise<number | undefined>;
}

export interface ThinkingChoice {
  think?: ThinkMode;
  thinkBudget?: number;
}

/**
 * The thinking step: a mode (the first item keeps the settings, so Enter skips it: nothing is set), then for
 * a mode that thinks, the budget; off sets no budget. 'cancelled' when Escape ended either question.
 */
export async function chooseThinking(
  prompts: ThinkingPrompts,
  settings: { think: ThinkMode; thinkBudget: number; model: string },
  capability: ThinkingCapability,
): Promise<ThinkingChoice | 'cancelled'> {
  const mode = await prompts.pickMode(thinkItems(settings.think, settings.thinkBudget), thinkingPlaceholder(settings.model, capability));
  if (!mode) return 'cancelled';
  if (mode.mode === undefined) return {};
  if (mode.mode === 'off') return { think: 'off', thinkBudget: 0 };
  const budget = await prompts.askBudget(mode.mode, settings.thinkBudget === 0 ? '' : String(settings.thinkBudget));
  return budget === undefined ? 'cancelled' : { think: mode.mode, thinkBudget: budget };
}
