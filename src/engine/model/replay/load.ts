// Reading a recorded file from disk. Broken lines come back as errors with their line numbers; the caller
// decides whether to warn and go on (the bench does) or refuse.
import { readFile } from 'node:fs/promises';
import type { RecordedFile } from './records';
import { parseRecordedLines } from './records';

export class ReplayFileError extends Error {
  override readonly name = 'ReplayFileError';
}

export async function loadRecordedFile(path: string): Promise<RecordedFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReplayFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const file = parseRecordedLines(text);
  if (file.problems.length === 0) {
    const first = file.errors[0];
    const why = first ? ` (line ${first.line}: ${first.message})` : ' (it is empty)';
    throw new ReplayFileError(`${path} has no usable problems${why}`);
  }
  return file;
}

/** One line per broken line, for people: `file.jsonl:17: "correct" must be true or false`. */
export function describeLineErrors(path: string, file: RecordedFile, limit = 10): string[] {
  const lines = file.errors.slice(0, limit).map((e) => `${path}:${e.line}: ${e.message}`);
  if (file.errors.length > limit) lines.push(`${path}: … and ${file.errors.length - limit} more broken lines`);
  return lines;
}
