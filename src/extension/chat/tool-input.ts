// The language-model tool's input, checked before anything runs: an agent's arguments are untrusted, and
// its budget may not exceed the user's (ponder.maxTokensPerProblem is the ceiling).
import type { Mode, PonderSettings } from '../../protocol/settings';

/** The strategies of fixed mode, as in package.json's ponder.fixedStrategy. */
export const FIXED_STRATEGIES = ['majority', 'weighted', 'beam', 'dvts', 'lookahead', 'revisions'] as const;
/** The most chains an agent may ask for (adaptive mode's own maximum). */
export const MAX_TOOL_SAMPLES = 64;
export const MAX_PROBLEM_CHARS = 20_000;

export interface SolveToolInput {
  problem: string;
  mode: Mode;
  strategy?: string;
  samples?: number;
  tokenCap: number;
}

/** The checked input, or a message that says what is wrong (for the agent's model to read and fix). */
export function checkToolInput(raw: unknown, settings: PonderSettings): SolveToolInput | string {
  if (typeof raw !== 'object' || raw === null) return 'The input must be an object: { "problem": "…" }.';
  const input = raw as Record<string, unknown>;
  const { problem, mode, strategy, samples, maxTokens } = input;
  if (typeof problem !== 'string' || problem.trim() === '') return '"problem" must be the text of the problem to solve.';
  if (problem.length > MAX_PROBLEM_CHARS) return `"problem" is ${problem.length} characters long; send at most ${MAX_PROBLEM_CHARS}, only the problem itself.`;
  if (mode !== undefined && mode !== 'adaptive' && mode !== 'fixed') return '"mode" must be "adaptive" or "fixed".';
  if (strategy !== undefined && (typeof strategy !== 'string' || !(FIXED_STRATEGIES as readonly string[]).includes(strategy))) {
    return `"strategy" must be one of ${FIXED_STRATEGIES.join(', ')}.`;
  }
  if (mode === 'adaptive' && strategy !== undefined) return '"strategy" is for fixed mode: leave "mode" out or set it to "fixed".';
  if (samples !== undefined && (!Number.isInteger(samples) || (samples as number) < 1 || (samples as number) > MAX_TOOL_SAMPLES)) {
    return `"samples" must be a whole number from 1 to ${MAX_TOOL_SAMPLES}.`;
  }
  const ceiling = settings.maxTokensPerProblem;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 64 || (maxTokens as number) > ceiling)) {
    return `"maxTokens" must be a whole number from 64 to ${ceiling} (the user's ponder.maxTokensPerProblem).`;
  }
  const fixed = mode === 'fixed' || strategy !== undefined;
  return {
    problem,
    mode: fixed ? 'fixed' : 'adaptive',
    ...(fixed ? { strategy: strategy ?? settings.fixedStrategy } : {}),
    ...(samples !== undefined ? { samples: samples as number } : fixed ? { samples: settings.fixedSamples } : {}),
    tokenCap: (maxTokens as number | undefined) ?? ceiling,
  };
}
