// Settings of the step-level strategies (beam search, DVTS, lookahead) and of sequential revisions, with
// their defaults. They arrive from solve options (fixed mode) or from a policy bin's `params` (adaptive
// mode), so the same names are used in both places and a policy can be checked against them.
import type { ParamValue } from '../stopping/policy';
import type { SearchOptions } from './types';

export type RevisionSelection = 'verifier' | 'vote';

export interface StrategyParams {
  /** Beam search, DVTS, lookahead: candidates per round (N). Default: `samples`. */
  readonly beamWidth?: number;
  /** Expansions of each kept beam (M); N / M beams are kept per round (DVTS: N / M subtrees). Default 4. */
  readonly expansions?: number;
  /** Most steps in a chain; a chain that reaches it ends (without an answer, unless it gave one). Default 40. */
  readonly maxDepth?: number;
  /** maxTokens of one step. Default min(256, maxTokensPerSample). */
  readonly maxTokensPerStep?: number;
  /** Lookahead: steps rolled out at temperature 0 before a candidate is scored (k). 0 is beam search. Default 2. */
  readonly lookahead?: number;
  /** Revisions: independent revision chains run side by side. Default ceil(samples / revisionLength). */
  readonly revisionChains?: number;
  /** Revisions: attempts per chain, the first solution included. Default min(4, samples). */
  readonly revisionLength?: number;
  /** Revisions: how the answer is chosen among all attempts. Default 'verifier'. */
  readonly revisionSelect?: RevisionSelection;
  /** Revisions: most earlier attempts shown to the model. Default 4. */
  readonly revisionContext?: number;
}

export const PARAM_NAMES = [
  'beamWidth',
  'expansions',
  'maxDepth',
  'maxTokensPerStep',
  'lookahead',
  'revisionChains',
  'revisionLength',
  'revisionSelect',
  'revisionContext',
] as const satisfies readonly (keyof StrategyParams)[];

/** Every setting resolved against the search options. */
export interface StepSettings {
  readonly beamWidth: number;
  readonly expansions: number;
  /** Beams kept per round (beam search) = max(1, floor(beamWidth / expansions)). */
  readonly keep: number;
  readonly maxDepth: number;
  readonly maxTokensPerStep: number;
  /** A step is not started with fewer tokens than this left. */
  readonly minTokensPerStep: number;
  readonly lookahead: number;
}

export interface RevisionSettings {
  readonly chains: number;
  readonly length: number;
  readonly select: RevisionSelection;
  readonly context: number;
}

export function stepSettings(options: SearchOptions, params: StrategyParams = options.params ?? {}): StepSettings {
  const beamWidth = params.beamWidth ?? options.samples;
  const expansions = Math.min(params.expansions ?? 4, beamWidth);
  const maxTokensPerStep = params.maxTokensPerStep ?? Math.min(256, options.maxTokensPerSample);
  const settings: StepSettings = {
    beamWidth,
    expansions,
    keep: Math.max(1, Math.floor(beamWidth / Math.max(1, expansions))),
    maxDepth: params.maxDepth ?? 40,
    maxTokensPerStep,
    minTokensPerStep: Math.min(32, maxTokensPerStep),
    lookahead: params.lookahead ?? 2,
  };
  requireInteger('beamWidth', settings.beamWidth, 1);
  requireInteger('expansions', settings.expansions, 1);
  requireInteger('maxDepth', settings.maxDepth, 1);
  requireInteger('maxTokensPerStep', settings.maxTokensPerStep, 1);
  requireInteger('lookahead', settings.lookahead, 0);
  return settings;
}

export function revisionSettings(options: SearchOptions, params: StrategyParams = options.params ?? {}): RevisionSettings {
  const length = params.revisionLength ?? Math.min(4, options.samples);
  requireInteger('revisionLength', length, 1);
  const chains = params.revisionChains ?? Math.max(1, Math.ceil(options.samples / length));
  requireInteger('revisionChains', chains, 1);
  const context = params.revisionContext ?? 4;
  requireInteger('revisionContext', context, 1);
  const select = params.revisionSelect ?? 'verifier';
  if (select !== 'verifier' && select !== 'vote') throw new RangeError(`revisionSelect must be "verifier" or "vote", got ${String(select)}`);
  return { chains, length, select, context };
}

/**
 * Reads a policy bin's `params` as strategy settings. Names the strategies do not know are rejected, so a
 * misspelt setting in a policy file is an error rather than silently ignored. `vote` (the outcome-level
 * controllers' setting) is accepted and left to them.
 */
export function paramsFromRecord(record: Readonly<Record<string, ParamValue>>, where = 'params'): StrategyParams {
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'vote' || key === 'window' || key === 'threshold') continue;
    if (!(PARAM_NAMES as readonly string[]).includes(key)) {
      throw new RangeError(`${where}.${key} is not a strategy setting (known: ${PARAM_NAMES.join(', ')}, vote, window, threshold)`);
    }
    if (key === 'revisionSelect') {
      if (value !== 'verifier' && value !== 'vote') throw new RangeError(`${where}.revisionSelect must be "verifier" or "vote"`);
      out[key] = value;
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new RangeError(`${where}.${key} must be a whole number ≥ 0, got ${String(value)}`);
    out[key] = value;
  }
  return out;
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
}

/** "1 beam", "2 beams": the counts in decision messages read as English. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
