// Any failure becomes a PonderError: its kind picks the buttons the client offers, its message says what
// to do. Model errors keep their own words (they already name the host, the model and the fix).
import { isModelError } from '../engine/model/errors';
import { displayEndpoint } from '../engine/model/ollama/endpoint';
import { PolicyError } from '../engine/stopping/policy';
import type { PonderError } from '../protocol/lsp';

export function toPonderError(thrown: unknown): PonderError {
  const error = modelErrorIn(thrown) ?? thrown;
  if (isModelError(error)) {
    const host = displayEndpoint(error.endpoint);
    switch (error.kind) {
      case 'server-not-running':
      case 'connection-failed':
        return { kind: 'server-not-running', message: error.message, host };
      case 'model-not-found':
        return { kind: 'model-not-found', message: error.message, host, ...(error.model ? { model: error.model } : {}) };
      case 'server-busy':
        return { kind: 'server-busy', message: error.message, host };
      case 'auth-failed':
        return { kind: 'auth-failed', message: error.message, host };
      case 'context-overflow':
        return { kind: 'context-too-small', message: error.message, host, ...(error.model ? { model: error.model } : {}) };
      default:
        return { kind: 'model-failed', message: error.message, host, ...(error.model ? { model: error.model } : {}) };
    }
  }
  if (error instanceof PolicyError) return { kind: 'bad-input', message: `The adaptive policy file is not usable: ${error.message}` };
  if (error instanceof RangeError) return { kind: 'bad-input', message: error.message };
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message: `Ponder's server failed unexpectedly: ${detail}. The log has details.` };
}

/** A one-line description for the log. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The model error a search failure carries (searches wrap a failed call with its cost), if any. */
function modelErrorIn(error: unknown): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (isModelError(current)) return current;
    const wrapped = current as { original?: unknown; cause?: unknown };
    current = wrapped.original ?? wrapped.cause;
  }
  return undefined;
}
