// `--strategies`: which controllers a run compares. `name`, `name:value` (esc:4 = window 4, beta:0.9 =
// threshold 0.9, posterior:0.99) or `name(key=value,…)`. Step-level strategies are recognised so that
// the error says why they cannot run here rather than that they do not exist.
import type { ParamValue } from '../../engine/stopping/policy';

export interface StrategySpec {
  /** Canonical id, unique within a run, e.g. `esc:4`. */
  readonly id: string;
  readonly strategy: 'majority' | 'weighted' | 'esc' | 'beta' | 'posterior' | 'adaptive' | 'oracle';
  readonly params: Readonly<Record<string, ParamValue>>;
  /** For people, e.g. `ESC (w=4)`. */
  readonly label: string;
}

export const DEFAULT_STRATEGIES = 'majority,weighted,esc:2,esc:4,esc:8,beta,adaptive';

/**
 * The oracle row every run adds (see engine/stopping/oracle.ts): it knows majority@budget's answer and
 * stops at the first sample count whose leader is that answer, so its samples are the fewest any stopping
 * rule can draw at majority's accuracy.
 */
export const ORACLE_ID = 'oracle';

/** Strategies that need step-level generation (they run in `ponder solve`, not over whole samples). */
export const STEP_LEVEL_STRATEGIES = ['beam', 'dvts', 'lookahead', 'revisions'] as const;

export class StrategySpecError extends Error {
  override readonly name = 'StrategySpecError';
  constructor(
    message: string,
    /** Set when the strategy exists but needs step-level generation. */
    readonly stepLevel?: string,
  ) {
    super(message);
  }
}

export function parseStrategies(text: string): StrategySpec[] {
  const items = splitTopLevel(text).map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new StrategySpecError('--strategies is empty: name at least one strategy, e.g. majority,esc:4,adaptive');
  const specs = items.map(parseOne);
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.id)) throw new StrategySpecError(`--strategies names ${spec.id} twice`);
    seen.add(spec.id);
  }
  return specs;
}

function parseOne(item: string): StrategySpec {
  const match = /^([a-z][a-z0-9-]*)(?::([^()]+)|\(([^()]*)\))?$/i.exec(item);
  if (!match) throw new StrategySpecError(`cannot read strategy "${item}": write name, name:value or name(key=value,…)`);
  const name = (match[1] ?? '').toLowerCase();
  const params: Record<string, ParamValue> = {};
  if (match[3] !== undefined) {
    for (const pair of match[3].split(',').map((p) => p.trim()).filter(Boolean)) {
      const [key, raw] = pair.split('=').map((s) => s.trim());
      if (!key || raw === undefined) throw new StrategySpecError(`cannot read "${pair}" in ${item}: write key=value`);
      params[key] = parseValue(raw);
    }
  }
  const shorthand = match[2]?.trim();
  switch (name) {
    case 'majority':
    case 'weighted':
    case 'oracle':
      if (shorthand !== undefined || Object.keys(params).length > 0) throw new StrategySpecError(`${name} takes no value (got ${item})`);
      return make(name, params);
    case 'adaptive': {
      if (shorthand !== undefined) params.vote = parseValue(shorthand);
      const vote = params.vote;
      if (vote !== undefined && vote !== 'majority' && vote !== 'weighted') {
        throw new StrategySpecError(`adaptive's vote must be majority or weighted (got ${item})`);
      }
      return make('adaptive', params);
    }
    case 'esc': {
      if (shorthand !== undefined) params.window = parseValue(shorthand);
      const window = params.window ?? 4;
      if (typeof window !== 'number' || !Number.isInteger(window) || window < 1) {
        throw new StrategySpecError(`the ESC window must be a positive whole number (got ${item})`);
      }
      return make('esc', { ...params, window });
    }
    case 'beta':
    case 'posterior': {
      if (shorthand !== undefined) params.threshold = parseValue(shorthand);
      const threshold = params.threshold ?? 0.95;
      if (typeof threshold !== 'number' || !(threshold > 0) || !(name === 'beta' ? threshold < 1 : threshold <= 1)) {
        throw new StrategySpecError(`the ${name} threshold must be a number in (0, 1${name === 'beta' ? ')' : ']'} (got ${item})`);
      }
      const vote = params.vote;
      if (vote !== undefined && vote !== 'majority' && vote !== 'weighted') {
        throw new StrategySpecError(`vote must be majority or weighted (got ${item})`);
      }
      return make(name, { ...params, threshold });
    }
    default:
      if ((STEP_LEVEL_STRATEGIES as readonly string[]).includes(name)) {
        throw new StrategySpecError(`${name} needs step-level generation`, name);
      }
      throw new StrategySpecError(
        `unknown strategy "${name}": the bench compares majority, weighted, esc:<window>, beta:<threshold>, posterior:<threshold>, adaptive and oracle`,
      );
  }
}

/** The strategies with the oracle last, added when absent: every report reads each rule against the limit of stopping. */
export function withOracle(specs: readonly StrategySpec[]): StrategySpec[] {
  const others = specs.filter((s) => s.strategy !== 'oracle');
  return [...others, specs.find((s) => s.strategy === 'oracle') ?? parseOne(ORACLE_ID)];
}

function make(strategy: StrategySpec['strategy'], params: Record<string, ParamValue>): StrategySpec {
  return { id: idOf(strategy, params), strategy, params, label: labelOf(strategy, params) };
}

function idOf(strategy: string, params: Record<string, ParamValue>): string {
  const main = strategy === 'esc' ? params.window : strategy === 'beta' || strategy === 'posterior' ? params.threshold : undefined;
  const rest = Object.entries(params)
    .filter(([k]) => !(k === 'window' && strategy === 'esc') && !(k === 'threshold' && (strategy === 'beta' || strategy === 'posterior')))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${String(v)}`);
  return `${strategy}${main === undefined ? '' : `:${String(main)}`}${rest.length > 0 ? `(${rest.join(',')})` : ''}`;
}

export function labelOf(strategy: string, params: Readonly<Record<string, ParamValue>>): string {
  const vote = params.vote === 'weighted' ? ', weighted' : '';
  switch (strategy) {
    case 'majority':
      return 'majority';
    case 'weighted':
      return 'weighted best-of-N';
    case 'esc':
      return `ESC (w=${String(params.window)})`;
    case 'beta':
      return `Beta rule (${String(params.threshold)})`;
    case 'posterior':
      return `posterior (${String(params.threshold)}${vote})`;
    case 'adaptive':
      return params.vote === undefined ? 'Ponder adaptive' : `Ponder adaptive (${String(params.vote)} vote)`;
    case 'oracle':
      return 'oracle (perfect stopping)';
    default:
      return strategy;
  }
}

function parseValue(raw: string): ParamValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const n = Number(raw);
  return raw.length > 0 && Number.isFinite(n) ? n : raw;
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
