import type { Generation, GenerationEvent, GenerationUsage, ThinkingOutcome, TokenLogprob } from './types';

/** Callbacks for the pieces of a stream as they arrive (to grow a tree node live). */
export interface StreamObserver {
  onText?(delta: string): void;
  onThinking?(delta: string): void;
}

/**
 * Drains a generation stream into one `Generation`, reporting deltas as they come.
 * Throws if the stream ends without its `done` event (a truncated stream is an error, not an answer).
 */
export async function collectGeneration(
  stream: AsyncIterable<GenerationEvent>,
  observer: StreamObserver = {},
): Promise<Generation> {
  let text = '';
  let thinking = '';
  const logprobs: TokenLogprob[] = [];
  const textLogprobs: TokenLogprob[] = [];
  let usage: GenerationUsage | undefined;
  let thinkingOutcome: ThinkingOutcome | undefined;
  for await (const event of stream) {
    if (event.type === 'done') {
      usage = event.usage;
      thinkingOutcome = event.thinkingOutcome;
      continue;
    }
    if (event.text) {
      text += event.text;
      observer.onText?.(event.text);
    }
    if (event.thinking) {
      thinking += event.thinking;
      observer.onThinking?.(event.thinking);
    }
    for (const entry of event.logprobs) logprobs.push(entry);
    // A chunk carries text or thinking (Ollama's parser splits them); its log-probabilities go with it.
    if (event.text && !event.thinking) for (const entry of event.logprobs) textLogprobs.push(entry);
  }
  if (!usage) throw new Error('the generation stream ended without its final usage record');
  return { text, thinking, logprobs, textLogprobs, usage, ...(thinkingOutcome ? { thinkingOutcome } : {}) };
}
