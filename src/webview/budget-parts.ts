// The parts of a run's generated tokens for the budget meter: thinking, answers, verification. No DOM, so
// it is unit-tested in Node.
import type { UsageTotals } from '../protocol/tree';

/** One coloured part of the bar. */
export interface BudgetPart {
  readonly key: 'thinking' | 'answer' | 'verify';
  readonly label: string;
  readonly tokens: number;
}

/**
 * The parts of the generated tokens, or undefined when the run did not count thinking or verification
 * (older runs, non-thinking models): the meter then shows one bar, as it always did. Answers are what is
 * left; with no verification count they are labelled as holding it.
 */
export function budgetParts(usage: UsageTotals): BudgetPart[] | undefined {
  const thinkingCount = counted(usage.thinkingTokens);
  const verifyCount = counted(usage.verifyTokens);
  if (thinkingCount === undefined && verifyCount === undefined) return undefined;
  const generated = counted(usage.generatedTokens) ?? 0;
  // Parts never add up to more than was generated, whatever the counts say.
  const thinking = Math.min(generated, thinkingCount ?? 0);
  const verify = Math.min(generated - thinking, verifyCount ?? 0);
  const parts: BudgetPart[] = [];
  if (thinkingCount !== undefined) parts.push({ key: 'thinking', label: 'Thinking', tokens: thinking });
  parts.push({ key: 'answer', label: verifyCount === undefined ? 'Answers and verification' : 'Answers', tokens: generated - thinking - verify });
  if (verifyCount !== undefined) parts.push({ key: 'verify', label: 'Verification', tokens: verify });
  return parts;
}

/** A count, or undefined when absent or not a number (a tree read back from a file is untrusted data). */
function counted(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
