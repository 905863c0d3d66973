// Retrying a request the server turned away (Ollama's 503 "server busy"), with exponential backoff and
// jitter so that many waiting callers do not all come back at the same instant. Sleeps end early when
// the caller's signal fires, and leave no timer or listener behind either way.
import { abortErrorFrom } from './errors';

export interface RetryPolicy {
  /** Total tries, the first included (1 = no retry). */
  readonly attempts: number;
  /** Backoff before the second try; it doubles for each later one. */
  readonly baseDelayMs: number;
  /** Upper bound of any single backoff. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

export interface RetryOptions extends RetryPolicy {
  /** Which failures are worth another try. Anything else is thrown at once. */
  readonly shouldRetry: (err: unknown) => boolean;
  /** Called before each backoff (for logs and tests). */
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Source of jitter in [0, 1); injectable for tests. */
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * The backoff after failed try number `attempt` (1-based): "equal jitter", i.e. a uniformly random
 * delay in [cap/2, cap) with cap = min(maxDelayMs, baseDelayMs·2^(attempt−1)). Half of it is fixed so
 * a busy server always gets a real pause; the other half spreads callers apart.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return cap / 2 + (cap / 2) * random();
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` fires. Leaves nothing behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortErrorFrom(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortErrorFrom(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `operation` until it succeeds, fails with something `shouldRetry` rejects, or runs out of
 * attempts (then the last failure is thrown). Cancellation is never retried.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
  signal: AbortSignal,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.attempts));
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw abortErrorFrom(signal);
    try {
      return await operation(attempt);
    } catch (err) {
      if (signal.aborted) throw abortErrorFrom(signal);
      if (attempt >= attempts || !options.shouldRetry(err)) throw err;
      const delay = backoffDelay(attempt, options, options.random);
      options.onRetry?.(err, attempt, delay);
      await wait(delay, signal);
    }
  }
}
