// A CliIo that records what a command writes, for running CLI commands inside a test process.
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io';

export interface RecordedIo extends CliIo {
  out(): string;
  err(): string;
  /** Fires the interrupt handlers, as Ctrl-C would. */
  interrupt(): void;
}

export function recordingIo(stdinText?: string, defaultOllamaHost?: string): RecordedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const stdin = Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)]) as unknown as NodeJS.ReadStream;
  // A closed stdin that is not a terminal, unless a test gives text to read.
  stdin.isTTY = stdinText === undefined;
  const handlers = new Set<() => void>();
  return {
    stdin,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    onInterrupt: (handler) => handlers.add(handler),
    offInterrupt: (handler) => handlers.delete(handler),
    ...(defaultOllamaHost !== undefined ? { defaultOllamaHost } : {}),
    out: () => out,
    err: () => err,
    interrupt: () => {
      for (const handler of [...handlers]) handler();
    },
  };
}
