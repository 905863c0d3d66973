// The generator's prompt. Steps are paragraphs separated by a blank line so that step-level search can
// stop generation at the delimiter and continue from a byte-identical prefix.
import type { ChatMessage } from '../model/types';
import { section } from './delimit';
import { FRAME_SYSTEM_PROMPT } from './frame';

/** Steps are separated by one blank line. */
export const STEP_DELIMITER = '\n\n';

/** The generator's request, after the problem (see frame.ts for why it is not the system prompt). */
export const SOLVE_REQUEST = 'Solve the problem above step by step.';

/**
 * Messages that ask for a solution. With `stepsSoFar`, the trailing assistant message holds the chain so
 * far (each step followed by the delimiter) and the model continues it: siblings that share a prefix
 * send byte-identical messages, so the server's prompt cache serves that prefix.
 */
export function solveMessages(problem: string, stepsSoFar: readonly string[] = []): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: FRAME_SYSTEM_PROMPT },
    { role: 'user', content: `${section('problem', problem)}\n\n${SOLVE_REQUEST}` },
  ];
  if (stepsSoFar.length > 0) {
    messages.push({ role: 'assistant', content: stepsSoFar.map((step) => step + STEP_DELIMITER).join('') });
  }
  return messages;
}

/** Whether a user message asks for a solution: the generator's request follows the problem section. */
export function isSolveRequest(userContent: string): boolean {
  return userContent.endsWith(`</problem>\n\n${SOLVE_REQUEST}`);
}

/** Splits a chain into its steps (paragraphs), dropping empty ones. */
export function splitSteps(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((step) => step.trim())
    .filter((step) => step.length > 0);
}
