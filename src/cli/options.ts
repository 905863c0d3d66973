// Numeric and address command-line options, validated with messages that say what was wrong and what is allowed.
import { endpointProblem } from '../engine/model/ollama/endpoint';
import { UsageError } from './read-problem';

interface Range {
  min?: number;
  max?: number;
}

export function numberOption(name: string, raw: string | undefined, range: Range = {}): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${name} must be a number, not "${raw}"`);
  checkRange(name, value, range);
  return value;
}

export function integerOption(name: string, raw: string | undefined, range: Range = {}): number | undefined {
  const value = numberOption(name, raw, range);
  if (value !== undefined && !Number.isInteger(value)) throw new UsageError(`${name} must be a whole number, not "${raw}"`);
  return value;
}

function checkRange(name: string, value: number, { min, max }: Range): void {
  if (min !== undefined && value < min) throw new UsageError(`${name} must be at least ${min}, not ${value}`);
  if (max !== undefined && value > max) throw new UsageError(`${name} must be at most ${max}, not ${value}`);
}

/**
 * An Ollama address from the command line (`--host`) or the environment (`OLLAMA_HOST`), refused before any
 * request with what is wrong: `where` names it ("--host", "OLLAMA_HOST") and `fix` says what to do instead.
 */
export function ollamaHostOption(where: string, raw: string | undefined, fix = ''): string | undefined {
  if (raw === undefined) return undefined;
  const problem = endpointProblem(raw);
  if (problem !== undefined) throw new UsageError(`${where} ${problem}${fix ? `; ${fix}` : ''}`);
  return raw;
}
