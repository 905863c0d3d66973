// One model call charged to the ledger: reserve, stream, settle. Every generation of the engine goes
// through here, so no call can escape the cap or go unaccounted.
import { collectGeneration } from '../model/collect';
import type { StreamObserver } from '../model/collect';
import { fitAllowance } from '../model/thinking';
import type { Generation, GenerationRequest, LanguageModel } from '../model/types';
import type { CallUsage, ChargePurpose, BudgetLedger, ReserveOptions } from './ledger';

/** The ledger could not grant the call enough tokens. Not a failure of the model. */
export class BudgetExhaustedError extends Error {
  override readonly name = 'BudgetExhaustedError';
}

/** A failed call, with what it cost up to the failure (estimated when the stream was cut off). */
export class MeteredCallError extends Error {
  override readonly name = 'MeteredCallError';
  constructor(
    readonly original: unknown,
    readonly usage: CallUsage,
  ) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
  }
}

export interface MeteredCall {
  model: LanguageModel;
  ledger: BudgetLedger;
  purpose: ChargePurpose;
  /** The request; its maxTokens is the most this call may reserve. */
  request: GenerationRequest;
  signal: AbortSignal;
  observer?: StreamObserver;
  reserve?: ReserveOptions;
  clock?: () => number;
}

export interface MeteredGeneration extends Generation {
  /** The maxTokens the ledger granted (≤ the request's). */
  readonly granted: number;
  readonly wallMs: number;
}

/**
 * Runs one generation within the budget. Throws BudgetExhaustedError before calling the model when the
 * ledger refuses, and MeteredCallError (with the usage charged) when the call fails or is aborted.
 */
export async function meteredGenerate(call: MeteredCall): Promise<MeteredGeneration> {
  call.signal.throwIfAborted();
  const reservation = call.ledger.reserve(call.purpose, call.request.maxTokens, call.reserve);
  if (!reservation) {
    throw new BudgetExhaustedError(`the token budget has no room left for another ${call.purpose} call`);
  }
  const clock = call.clock ?? (() => performance.now());
  const started = clock();
  // Chunks seen, as an estimate of tokens generated should the stream end without its usage record
  // (Ollama streams about one token per chunk). The server did spend them, so they are charged.
  let chunks = 0;
  // Without a thinking budget the trace's length is known only in chunks (about one token each).
  let thinkingChunks = 0;
  const observer: StreamObserver = {
    onText: (delta) => {
      chunks += 1;
      call.observer?.onText?.(delta);
    },
    onThinking: (delta) => {
      chunks += 1;
      thinkingChunks += 1;
      call.observer?.onThinking?.(delta);
    },
  };
  try {
    const generation = await collectGeneration(
      call.model.generate(fitAllowance(call.request, reservation.tokens), call.signal),
      observer,
    );
    const wallMs = clock() - started;
    reservation.settle({
      promptTokens: generation.usage.promptTokens,
      generatedTokens: generation.usage.generatedTokens,
      wallMs,
      thinkingTokens: generation.thinkingOutcome?.tokens ?? thinkingChunks,
    });
    return { ...generation, granted: reservation.tokens, wallMs };
  } catch (error) {
    const usage: CallUsage = { promptTokens: 0, generatedTokens: Math.min(chunks, reservation.tokens), wallMs: clock() - started, thinkingTokens: thinkingChunks };
    reservation.settle(usage);
    throw new MeteredCallError(error, usage);
  }
}
