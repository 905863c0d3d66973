// What a node's thinking was, in words: its length in tokens and, under a thinking budget, where it ended
// (cut at the budget with the answer forced, extended with "Wait", stopped). One wording for the tree view's
// outline, details and hover card, the Markdown report and the editor hover. Pure: no DOM, no Node.
import type { TreeNode, UsageTotals } from '../protocol/tree';

type ThinkingFields = Pick<TreeNode, 'thinking' | 'thinkingTokens' | 'thinkingBudget' | 'thinkingEnding' | 'thinkingExtensions' | 'thinkingLimit'>;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const count = (value: number): string => integer.format(Math.round(value));
/** A count as a number, or undefined: trees are read back from files as untrusted data (run archive, imports). */
const counted = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/** The node's generation thought: it has a trace, or the engine counted thinking tokens for it. */
export function hasThinking(node: ThinkingFields): boolean {
  return (typeof node.thinking === 'string' && node.thinking !== '') || (counted(node.thinkingTokens) ?? 0) > 0;
}

/**
 * `412 tokens`; where the engine did not count them (older runs, a generation without a budget on some
 * backends) the trace's length in characters, said as such; undefined with neither.
 */
export function thinkingLength(node: ThinkingFields): string | undefined {
  const tokens = counted(node.thinkingTokens);
  if (tokens !== undefined) return `${count(tokens)} ${tokens === 1 ? 'token' : 'tokens'}`;
  const characters = typeof node.thinking === 'string' ? node.thinking.length : 0;
  return characters > 0 ? `${count(characters)} ${characters === 1 ? 'character' : 'characters'}` : undefined;
}

/**
 * Where the thinking ended under its budget: `cut at 128 of 128 — answer forced`, `extended 2× with Wait`,
 * `stopped at 128 of 128 — no answer (this model could not be forced)`, `ended by the model within 1,024`;
 * `cut at 4,096 of 4,096 (the trace allowance) — answer forced` when the limit was the generation's trace
 * allowance rather than a budget; undefined with no budget.
 */
export function thinkingEndingText(node: ThinkingFields): string | undefined {
  const budget = counted(node.thinkingBudget);
  const tokens = counted(node.thinkingTokens);
  const limit = node.thinkingLimit === 'allowance' ? ' (the trace allowance)' : '';
  const of = (verb: string): string => (budget === undefined ? verb : `${verb} at ${tokens === undefined ? '' : `${count(tokens)} of `}${count(budget)}${limit}`);
  switch (node.thinkingEnding) {
    case 'cut':
      return `${of('cut')} — answer forced`;
    case 'extended': {
      const times = counted(node.thinkingExtensions) ?? 1;
      return `extended ${times}× with Wait`;
    }
    case 'stopped':
      return `${of('stopped')} — no answer (this model could not be forced)`;
    case 'natural':
      return budget === undefined ? undefined : `ended by the model within ${count(budget)}`;
    default:
      return budget === undefined ? undefined : `budget ${count(budget)}`;
  }
}

/** `Thinking · 412 tokens · cut at 128 of 128 — answer forced`; `Thinking · 1,234 characters` when tokens were not counted. */
export function thinkingSummary(node: ThinkingFields): string {
  return ['Thinking', thinkingLength(node), thinkingEndingText(node)].filter((part) => part !== undefined).join(' · ');
}

/** ` (412 thinking, 96 verification)`: the parts of a run's generated tokens it counted; '' for runs that did not. */
export function tokenPartsText(usage: Pick<UsageTotals, 'thinkingTokens' | 'verifyTokens'>): string {
  const thinking = counted(usage.thinkingTokens);
  const verify = counted(usage.verifyTokens);
  const parts = [...(thinking === undefined ? [] : [`${count(thinking)} thinking`]), ...(verify === undefined ? [] : [`${count(verify)} verification`])];
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
