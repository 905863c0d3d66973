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
  return {
    channel,
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message, error) => channel.error(error === undefined ? message : `${message}: ${describeError(error)}`),
    async timed(method, call) {
      const started = performance.now();
      channel.debug(`→ ${method}`);
      try {
        const result = await call();
        channel.info(`${method} answered in ${Math.round(performance.now() - started)} ms`);
        return result;
      } catch (error) {
        channel.warn(`${method} failed after ${Math.round(performance.now() - started)} ms: ${describeError(error)}`);
        throw error;
      }
    },
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
