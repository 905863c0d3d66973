// The process's io with `ponder bench`'s own progress and summaries swallowed, for benchmarks that run it
// and print their own table.
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io';
import { processIo } from '../../src/cli/io';

export function quietIo(): CliIo {
  const sink = new PassThrough();
  sink.resume();
  return { ...processIo(), stdout: sink as unknown as NodeJS.WriteStream, stderr: sink as unknown as NodeJS.WriteStream };
}
