// The fallback of budget forcing, for any backend: a model whose trace cannot be closed and continued is
// stopped at the budget. Its thinking streams as usual and is counted (in chunks, about one token each);
// once it reaches the budget the request is closed, and the generation ends `stopped`, with no answer.
import { abortErrorFrom } from './errors';
import type { GenerationEvent, GenerationRequest, GenerationUsage, ThinkingEnding } from './types';

/** `method` says why the model was not forced (for the tree and --json). */
export async function* stopAtBudget(
  request: GenerationRequest,
  stream: AsyncIterable<GenerationEvent>,
  method: string,
  signal: AbortSignal,
): AsyncGenerator<GenerationEvent> {
  const budget = Math.max(0, Math.floor(request.thinkingBudget?.maxTokens ?? 0));
  const allowance = request.thinkingBudget?.allowance === true ? { allowance: true } : {};
  let thinkingTokens = 0;
  let chunks = 0;
  let stopped = false;
  let answered = false;
  for await (const event of stream) {
    if (event.type === 'done') {
      const ending: ThinkingEnding = 'natural';
      yield { type: 'done', usage: event.usage, thinkingOutcome: { tokens: thinkingTokens, budget, ending, extensions: 0, method, ...allowance } };
      return;
    }
    chunks += 1;
    if (event.text) answered = true;
    if (event.thinking && !answered) {
      if (thinkingTokens >= budget) {
        stopped = true;
        break; // closes the request
      }
      thinkingTokens += 1;
    }
    yield event;
  }
  if (signal.aborted) throw abortErrorFrom(signal);
  if (!stopped) return; // the stream ended without its usage record: the caller reports that
  const usage: GenerationUsage = {
    promptTokens: 0,
    generatedTokens: chunks,
    totalDurationMs: 0,
    loadDurationMs: 0,
    promptEvalDurationMs: 0,
    evalDurationMs: 0,
    doneReason: 'length',
  };
  yield { type: 'done', usage, thinkingOutcome: { tokens: thinkingTokens, budget, ending: 'stopped', extensions: 0, method, ...allowance } };
}
