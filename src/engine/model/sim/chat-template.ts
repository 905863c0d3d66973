// How the simulated reasoner lays out chat messages as one prompt, for counting prompt tokens the way a
// real server would (ChatML-style role markers; a trailing assistant message is continued, not closed).
import type { ChatMessage } from '../types';
import { countTokens } from './tokenizer';

export function renderChat(messages: readonly ChatMessage[]): string {
  let prompt = '';
  messages.forEach((message, i) => {
    const continued = i === messages.length - 1 && message.role === 'assistant';
    prompt += `<|im_start|>${message.role}\n${message.content}${continued ? '' : '<|im_end|>\n'}`;
  });
  if (messages.at(-1)?.role !== 'assistant') prompt += '<|im_start|>assistant\n';
  return prompt;
}

/** Prompt tokens a request costs (the simulated server has no prefix cache: every token is evaluated). */
export function countPromptTokens(messages: readonly ChatMessage[]): number {
  return countTokens(renderChat(messages));
}
