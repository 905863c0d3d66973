// The fallback of budget forcing, for any backend: a model whose trace cannot be closed and continued is
// stopped at the budget. Its thinking streams as usual and is counted (in chunks, about one token each);
// once it reaches the budget the request is closed, and the generation ends `stopped`, with no answer.
// A caller that sent the request without its stop strings (servers match them on the trace too) has the
// answer held to them here: the request is closed at the first one, which is not included.
import { abortErrorFrom } from './errors';
import { firstStop } from './stop-strings';
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
  const stops = (request.stop ?? []).filter((s) => s.length > 0);
  let thinkingTokens = 0;
  let chunks = 0;
  let stopped = false;
  let answered = false;
  /** The answer so far, and whether a stop string has ended it (the request was sent without them). */
  let answer = '';
  let stoppedByString = false;
  for await (const event of stream) {
    if (event.type === 'done') {
      const ending: ThinkingEnding = 'natural';
      yield { type: 'done', usage: event.usage, thinkingOutcome: { tokens: thinkingTokens, budget, ending, extensions: 0, method, ...allowance } };
      return;
    }
    chunks += 1;
    if (event.text && stops.length > 0) {
      const cut = firstStop(answer + event.text, stops);
      if (cut !== undefined) {
        const kept = event.text.slice(0, Math.max(0, cut - answer.length));
        if (kept) yield { ...event, text: kept };
        stoppedByString = true;
        break; // closes the request: the answer has ended
      }
      answer += event.text;
    }
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
  if (stoppedByString) {
    const usage: GenerationUsage = { promptTokens: 0, generatedTokens: chunks, totalDurationMs: 0, loadDurationMs: 0, promptEvalDurationMs: 0, evalDurationMs: 0, doneReason: 'stop' };
    yield { type: 'done', usage, thinkingOutcome: { tokens: thinkingTokens, budget, ending: 'natural', extensions: 0, method, ...allowance } };
    return;
  }
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

/**
 * A thinking request without its stop strings, for a caller that holds the answer to them itself (here, or
 * in budget forcing). Servers match stop strings on everything the model writes, its trace included, so a
 * step's "\n\n" would end the trace at its first blank line: Ollama's Go runner looks for them in the pending
 * pieces before server/routes.go splits the thinking out (runner/ollamarunner/runner.go
 * `common.FindStop(sequence, seq.stop)`, v0.13.0), and from 0.30 llama-server gets them as the completion's
 * `stop` (llm/llama_server.go `Stop: req.Options.Stop`, v0.33.0-rc2); vLLM matches them on the detokenized
 * output before its reasoning parser splits the trace out (vllm/v1/engine/detokenizer.py @ 001999d2,
 * IncrementalDetokenizer.update: StopChecker.check_stop_strings on output_text).
 */
export function withoutStops(request: GenerationRequest): GenerationRequest {
  if (request.stop === undefined) return request;
  const { stop: _held, ...rest } = request;
  return rest;
}
