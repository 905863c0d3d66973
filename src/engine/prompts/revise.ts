// The revision prompt (sequential revisions, Snell et al. 2024): the problem and the model's earlier
// attempts, each inside its own delimited section, then the request for a corrected solution. Attempts
// are model output and so untrusted: they are neutralised like the problem, and the request comes after
// them, so nothing inside an attempt can change what is asked.
import type { ChatMessage } from '../model/types';
import { readSection, section } from './delimit';
import { FRAME_SYSTEM_PROMPT } from './frame';

/** The request after the attempts; the simulated reasoner recognises a revision request by it. */
export const REVISE_REQUEST =
  'The attempts above may contain mistakes. Check them step by step, then solve the problem again: a ' +
  'complete, corrected solution from the start.';

/** Messages asking for a revision of `attempts` (oldest first; the last is the one being revised). */
export function reviseMessages(problem: string, attempts: readonly string[]): ChatMessage[] {
  if (attempts.length === 0) throw new RangeError('a revision needs at least one earlier attempt');
  const shown = attempts.map((attempt, i) => section('attempt', attempt, String(i + 1))).join('\n\n');
  return [
    { role: 'system', content: FRAME_SYSTEM_PROMPT },
    { role: 'user', content: `${section('problem', problem)}\n\n${shown}\n\n${REVISE_REQUEST}` },
  ];
}

/** Whether a user message is a revision request: the request follows the last attempt section. */
export function isRevisionRequest(userContent: string): boolean {
  return userContent.endsWith(`</attempt ${countAttempts(userContent)}>\n\n${REVISE_REQUEST}`) && countAttempts(userContent) > 0;
}

/** The attempts of a revision request, oldest first. */
export function readAttempts(userContent: string): string[] {
  const attempts: string[] = [];
  for (let n = 1; ; n++) {
    const attempt = readSection(userContent, 'attempt', String(n));
    if (attempt === undefined) return attempts;
    attempts.push(attempt);
  }
}

function countAttempts(userContent: string): number {
  return readAttempts(userContent).length;
}
