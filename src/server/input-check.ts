// Checks a problem before any model request is sent: text a model can read, and a prompt that fits the
// context length the model runs with (Ollama silently truncates a prompt that does not fit, which would
// make the search reason about half a problem).
import { solveMessages } from '../engine/prompts/solve';
import type { PonderError } from '../protocol/lsp';
import { MAX_CONTEXT_LENGTH } from '../protocol/settings';
import { withoutBidiControls } from '../protocol/text';

/** Tokens the chat template adds per message (role markers, separators), a generous guess. */
const TEMPLATE_TOKENS_PER_MESSAGE = 8;
/** Room kept for the model's answer: the shortest chain worth sampling. */
export const MIN_RESPONSE_TOKENS = 512;
/** The longest chain asked for, when the context has room. */
export const MAX_RESPONSE_TOKENS = 1024;

/** ≈ tokens of `text`: four characters a token, the usual estimate for English and math. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Estimated prompt tokens of the solve prompt for `problem` (the verifier's prompts are checked by the search). */
export function estimatePromptTokens(problem: string): number {
  const messages = solveMessages(problem);
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + TEMPLATE_TOKENS_PER_MESSAGE, 0);
}

/**
 * `problem` without the characters that are not part of any problem's text: terminal escape sequences,
 * control characters other than tab and line breaks, and bidirectional-override controls (which would make
 * the text shown in the tree and the hover read differently from what the model reads).
 */
export function cleanProblemText(problem: string): string {
  return withoutBidiControls(
    problem
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ''),
  );
}

/** Why `problem` cannot be solved as it is, or undefined when it can. */
export function checkProblemText(problem: string): PonderError | undefined {
  if (problem.trim() === '') return { kind: 'bad-input', message: 'The problem is empty: select the text of a math problem and try again.' };
  // eslint-disable-next-line no-control-regex
  const control = problem.match(/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  const readable = /[\p{L}\p{N}]/u.test(problem);
  if (!readable || control > problem.length / 10) {
    return { kind: 'bad-input', message: 'The selection does not look like text (it is mostly binary or control characters): select the text of a math problem.' };
  }
  return undefined;
}

export interface ContextFit {
  /** Set when the problem does not fit. */
  error?: PonderError;
  /** maxTokens of one chain that fits beside the prompt. */
  maxTokensPerSample: number;
}

/**
 * Whether the problem's prompt plus room for an answer fits `contextLength`. With `model`, that length is
 * the model's own trained context (from /api/show), which no setting can raise.
 */
export function checkContextFit(problem: string, contextLength: number, model?: string): ContextFit {
  const prompt = estimatePromptTokens(problem);
  const room = contextLength - prompt;
  if (room >= MIN_RESPONSE_TOKENS) return { maxTokensPerSample: Math.min(MAX_RESPONSE_TOKENS, room) };
  const needed = prompt + MAX_RESPONSE_TOKENS;
  const suggested = Math.ceil(needed / 1024) * 1024;
  if (suggested > MAX_CONTEXT_LENGTH) {
    // No setting would fit it: suggesting one the settings refuse would only lead to a second error.
    return {
      maxTokensPerSample: 0,
      error: {
        kind: 'context-too-small',
        message:
          `The selection is far too long for a problem: about ${prompt} tokens, more than the largest context length ` +
          `Ponder can use (${MAX_CONTEXT_LENGTH}). Select only the text of the problem.`,
      },
    };
  }
  if (model !== undefined) {
    return {
      maxTokensPerSample: 0,
      error: {
        kind: 'context-too-small',
        message:
          `The problem needs about ${prompt} tokens of prompt plus at least ${MIN_RESPONSE_TOKENS} for the answer, ` +
          `but "${model}" was trained for a context of ${contextLength} tokens and Ollama gives it no more, whatever ` +
          'ponder.contextLength says. Shorten the problem or choose a model with a longer context.',
      },
    };
  }
  return {
    maxTokensPerSample: 0,
    error: {
      kind: 'context-too-small',
      message:
        `The problem needs about ${prompt} tokens of prompt plus at least ${MIN_RESPONSE_TOKENS} for the answer, ` +
        `but the context length is ${contextLength}. Set ponder.contextLength to ${suggested} or more (the model must support it), or shorten the problem.`,
      suggestedContextLength: suggested,
    },
  };
}
