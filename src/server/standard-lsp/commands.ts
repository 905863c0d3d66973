// The commands and code actions through which any LSP client reaches Ponder with standard methods only
// (no `ponder/*` request, no plugin): a code action on a selection runs `workspace/executeCommand`.
import type { Range } from '../../protocol/lsp';

/** Solve the text of a range: arguments `[{ uri, range }]`. */
export const SOLVE_RANGE_COMMAND = 'ponder.lsp.solveRange';
/** Open a run's reasoning tree as a Markdown document: arguments `[{ runId }]`. */
export const SHOW_TREE_COMMAND = 'ponder.lsp.showTree';

export const STANDARD_COMMANDS = [SOLVE_RANGE_COMMAND, SHOW_TREE_COMMAND] as const;

export interface SolveRangeArgs {
  uri: string;
  range: Range;
}

export interface ShowTreeArgs {
  runId: string;
}

function isPosition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { line, character } = value as Record<string, unknown>;
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

export function isSolveRangeArgs(value: unknown): value is SolveRangeArgs {
  if (typeof value !== 'object' || value === null) return false;
  const { uri, range } = value as Record<string, unknown>;
  if (typeof uri !== 'string' || typeof range !== 'object' || range === null) return false;
  const { start, end } = range as Record<string, unknown>;
  return isPosition(start) && isPosition(end);
}

export function isShowTreeArgs(value: unknown): value is ShowTreeArgs {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).runId === 'string';
}
