// Where `ponder solve` gets its problem: the argument, a file, or standard input.
import { readFile } from 'node:fs/promises';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export async function readProblem(
  positional: readonly string[],
  file: string | undefined,
  stdin: NodeJS.ReadStream,
): Promise<string> {
  let text: string;
  if (file !== undefined) {
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the problem file ${file}: ${(error as Error).message}`);
    }
  } else if (positional.length > 0 && !(positional.length === 1 && positional[0] === '-')) {
    text = positional.join(' ');
  } else if (!stdin.isTTY || positional[0] === '-') {
    text = await readAll(stdin);
  } else {
    throw new UsageError('give a problem: ponder solve "What is 17 * 23 - 5?" (or --file PATH, or pipe it in)');
  }
  const problem = text.trim();
  if (problem.length === 0) throw new UsageError('the problem is empty: give the text of a problem to solve');
  return problem;
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
