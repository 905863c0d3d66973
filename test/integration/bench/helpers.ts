// A CliIo that records what a command writes, with an interrupt the test can fire (Ctrl-C), and a small
// recorded file written into a temporary folder.
import { PassThrough } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { seededRandom } from '../../../src/engine/model/replay';

export interface TestIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  /** Fires the registered interrupt handlers, as Ctrl-C would. */
  interrupt(): void;
}

export function testIo(options: { tty?: boolean } = {}): TestIo {
  let out = '';
  let err = '';
  const handlers = new Set<() => void>();
  const sink = (append: (text: string) => void): NodeJS.WriteStream => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => append(chunk.toString('utf8')));
    return Object.assign(stream, { isTTY: options.tty ?? false, columns: 120 }) as unknown as NodeJS.WriteStream;
  };
  return {
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    stdout: sink((t) => (out += t)),
    stderr: sink((t) => (err += t)),
    onInterrupt: (handler) => handlers.add(handler),
    offInterrupt: (handler) => handlers.delete(handler),
    out: () => out,
    err: () => err,
    interrupt: () => {
      for (const handler of [...handlers]) handler();
    },
  };
}

/**
 * A recorded file of `problems` problems × `samples` samples with verifier scores: problem i's correct
 * answer has share that grows with i, the rest spread over wrong answers; every third problem has a
 * level. Broken lines can be appended for the line-error checks.
 */
export function writeRecordedFile(dir: string, name: string, problems: number, samples: number, extraLines: readonly string[] = []): string {
  const random = seededRandom('bench-fixture', name);
  const lines: string[] = [];
  for (let p = 0; p < problems; p++) {
    const share = 0.15 + (0.8 * p) / Math.max(1, problems - 1);
    const list = Array.from({ length: samples }, () => {
      const u = random();
      const correct = u < share;
      const answer = correct ? '42' : u < share + 0.1 ? null : String(1 + Math.floor(random() * 5));
      return { answer, correct, tokens: 50 + Math.floor(random() * 50), score: Math.round((correct ? 0.5 + random() / 2 : random() / 2) * 1000) / 1000, chars: 200, text: `sample ${p}` };
    });
    lines.push(JSON.stringify({ id: `fx-${p}`, source: 'fixture', problem: `Fixture problem ${p}`, gold: '42', samples: list, meta: p % 3 === 0 ? { level: 1 + (p % 5) } : {} }));
  }
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, `${[...lines, ...extraLines].join('\n')}\n`);
  return path;
}
