// The "Ponder" log channel and the timing of every request sent to the server.
import * as vscode from 'vscode';

export interface Log {
  readonly channel: vscode.LogOutputChannel;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** Runs `call`, logging the method, its duration and how it ended. */
  timed<T>(method: string, call: () => Promise<T>): Promise<T>;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Ponder', { log: true });
  // A failed request is logged where it fails (by `timed`, with its method and duration); the caller that
  // then reports the same error to the user does not log it a second time.
  const logged = new WeakSet<object>();
  return {
    channel,
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message, error) => {
      if (typeof error === 'object' && error !== null && logged.has(error)) return;
      channel.error(error === undefined ? message : `${message}: ${describeError(error)}`);
    },
    async timed(method, call) {
      const started = performance.now();
      try {
        const result = await call();
        channel.info(`${method} answered in ${Math.round(performance.now() - started)} ms`);
        return result;
      } catch (error) {
        channel.warn(`${method} failed after ${Math.round(performance.now() - started)} ms: ${describeError(error)}`);
        if (typeof error === 'object' && error !== null) logged.add(error);
        throw error;
      }
    },
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
