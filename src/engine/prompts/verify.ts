// The step verifier's prompt: a yes/no judgement of one step whose first answer token is scored from
// log-probabilities. Problem and chain are data inside tags; the question comes after them, so nothing
// inside the problem can change what is asked. The system prompt is the shared frame (frame.ts, which also
// holds the grading rubric), so on a shared slot a judgement reuses the generator's cached problem prefix.
import type { ChatMessage } from '../model/types';
import { section } from './delimit';
import { FRAME_SYSTEM_PROMPT } from './frame';

/** How every verification question begins, right after the solution section. */
const QUESTION_LEAD = '</solution>\n\nIs step ';

/** Messages asking whether step `stepIndex` (0-based) of `steps` is correct, given the steps before it. */
export function verifyMessages(problem: string, steps: readonly string[], stepIndex: number): ChatMessage[] {
  if (stepIndex < 0 || stepIndex >= steps.length) {
    throw new RangeError(`step ${stepIndex} is outside a chain of ${steps.length} steps`);
  }
  const shown = steps
    .slice(0, stepIndex + 1)
    .map((step, i) => section('step', step, String(i + 1)))
    .join('\n');
  const n = stepIndex + 1;
  return [
    { role: 'system', content: FRAME_SYSTEM_PROMPT },
    {
      role: 'user',
      content:
        `${section('problem', problem)}\n\n<solution>\n${shown}\n</solution>\n\n` +
        `Is step ${n} correct, given the problem and steps 1 to ${n - 1 > 0 ? n - 1 : 0} before it? ` +
        'Answer Yes or No.',
    },
  ];
}

/** Reads the step number a verification prompt asks about (1-based), or undefined. */
export function askedStepNumber(userContent: string): number | undefined {
  // Our closing tag cannot occur inside the (neutralised) data, so the question is what follows the last one.
  const question = userContent.slice(userContent.lastIndexOf('\n</solution>\n\n') + 1);
  const match = /^<\/solution>\n\nIs step (\d+) correct, given the problem/.exec(question);
  return match ? Number(match[1]) : undefined;
}

/** Whether a rendered prompt (or a user message) holds a verification question. */
export function isVerificationPrompt(text: string): boolean {
  return text.includes(QUESTION_LEAD);
}
