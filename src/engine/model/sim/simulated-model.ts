// The simulated reasoner as a LanguageModel, in process: Ponder's demo model when no Ollama answers, and
// the model tests and benchmarks run against. It streams respond()'s tokens one chunk per token, yielding
// to the event loop between chunks (or waiting the configured per-token latency) so that an abort takes
// effect mid-stream, exactly as it would with a server.
import { abortErrorFrom } from '../errors';
import type { GenerationEvent, GenerationRequest, LanguageModel, ModelCapabilities, TokenLogprob } from '../types';
import { countPromptTokens } from './chat-template';
import { resolveSimParams, type SimConfig, type SimParams } from './config';
import { respond } from './reasoner';
import { readProblem } from './understand';
import type { SimToken } from './types';

export const SIMULATED_MODEL_LABEL = 'simulated reasoner (Ponder demo model, not a real language model)';

/** Context the simulated model claims: a typical small model's (Qwen2.5 1.5B: 32k). */
const CONTEXT_LENGTH = 32768;

export class SimulatedModel implements LanguageModel {
  readonly label = SIMULATED_MODEL_LABEL;
  private readonly params: SimParams;

  constructor(private readonly config: SimConfig = {}) {
    this.params = resolveSimParams(config); // fail on a bad configuration now, not at the first request
  }

  outOfReach(problem: string): string | undefined {
    return readProblem(problem) === undefined ? 'the demo model solves arithmetic only and cannot read this problem: one chain shows what it says, and no more are drawn' : undefined;
  }

  async *generate(request: GenerationRequest, signal: AbortSignal): AsyncGenerator<GenerationEvent> {
    if (signal.aborted) throw abortErrorFrom(signal);
    const response = respond(
      {
        messages: request.messages,
        temperature: request.temperature,
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        maxTokens: request.maxTokens,
        ...(request.stop ? { stop: request.stop } : {}),
        // Any level turns thinking on, as `think: true` does.
        ...(request.think === undefined ? {} : { think: request.think !== false }),
        ...(request.thinkingBudget ? { thinkingBudget: request.thinkingBudget } : {}),
        topLogprobs: request.logprobs ? (request.topLogprobs ?? 0) : 0,
      },
      this.config,
    );
    const promptTokens = countPromptTokens(request.messages);
    const promptEvalDurationMs = promptTokens * this.params.promptTokenLatencyMs;
    await pause(promptEvalDurationMs, signal);
    for (const token of response.tokens) {
      await pause(this.params.tokenLatencyMs, signal);
      yield {
        type: 'chunk',
        text: token.thinking ? '' : token.text,
        thinking: token.thinking ? token.text : '',
        logprobs: request.logprobs ? [toLogprob(token, request.topLogprobs ?? 0)] : [],
      };
    }
    if (signal.aborted) throw abortErrorFrom(signal);
    const evalDurationMs = response.tokens.length * this.params.tokenLatencyMs;
    yield {
      type: 'done',
      usage: {
        promptTokens,
        generatedTokens: response.tokens.length,
        totalDurationMs: promptEvalDurationMs + evalDurationMs,
        loadDurationMs: 0,
        promptEvalDurationMs,
        evalDurationMs,
        doneReason: response.doneReason,
      },
      ...(response.thinkingOutcome ? { thinkingOutcome: response.thinkingOutcome } : {}),
    };
  }

  capabilities(signal: AbortSignal): Promise<ModelCapabilities> {
    if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
    return Promise.resolve({ logprobs: true, thinking: true, contextLength: CONTEXT_LENGTH, version: 'simulated' });
  }
}

function toLogprob(token: SimToken, topCount: number): TokenLogprob {
  if (topCount <= 0) return { token: token.text, logprob: token.logprob };
  return { token: token.text, logprob: token.logprob, topLogprobs: token.top.map((t) => ({ token: t.token, logprob: t.logprob })) };
}

/**
 * Waits `ms` (0: one turn of the event loop), rejecting with an AbortError as soon as `signal` fires.
 * Timers are cleared and listeners removed either way, so nothing is left holding the process open.
 */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortErrorFrom(signal));
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(abortErrorFrom(signal));
    };
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) reject(abortErrorFrom(signal));
      else resolve();
    };
    let cancel: () => void;
    if (ms > 0) {
      const timer = setTimeout(done, ms);
      cancel = () => clearTimeout(timer);
    } else if (typeof setImmediate === 'function') {
      const immediate = setImmediate(done);
      cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(done, 0);
      cancel = () => clearTimeout(timer);
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
