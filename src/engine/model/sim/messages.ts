// Reading Ponder's prompt structure out of chat messages. The reasoner looks only at the sections Ponder
// writes (a `<problem>` section, `<step N>` sections, the verification question after `</solution>`, a
// trailing assistant prefix); system prompts and any other text never change what it does.
import type { ChatMessage } from '../types';
import { readSection } from '../../prompts/delimit';

export interface PromptParts {
  /** Content of the last user message (before any trailing assistant message). */
  readonly user: string | undefined;
  /** Text of a trailing assistant message, continued by the model. */
  readonly prefix: string;
  /** Content of the user message's `<problem>` section. */
  readonly problem: string | undefined;
}

export function promptParts(messages: readonly ChatMessage[]): PromptParts {
  const last = messages.at(-1);
  const prefix = last?.role === 'assistant' ? last.content : '';
  const user = [...messages].reverse().find((m) => m.role === 'user')?.content;
  const problem = user === undefined ? undefined : readSection(user, 'problem');
  return { user, prefix, problem };
}

/** The `<step 1>` … `<step n>` sections of a verification prompt, stopping at the first missing one. */
export function readStepSections(user: string, upTo: number): string[] {
  const steps: string[] = [];
  for (let n = 1; n <= upTo; n++) {
    const step = readSection(user, 'step', String(n));
    if (step === undefined) break;
    steps.push(step);
  }
  return steps;
}
