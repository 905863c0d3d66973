// Shape checks for request params: a client of the language server can send anything.
import type { ExplainParams, GetRunParams, PullParams, SolveParams } from '../protocol/lsp';
import { MAX_CONTEXT_LENGTH, MIN_THINK_BUDGET, THINK_MODES } from '../protocol/settings';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isPosition = (value: unknown): boolean =>
  isObject(value) && Number.isInteger(value['line']) && Number.isInteger(value['character']) && (value['line'] as number) >= 0 && (value['character'] as number) >= 0;
const isRange = (value: unknown): boolean => isObject(value) && isPosition(value['start']) && isPosition(value['end']);
const optional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value);
const positiveInteger = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
/** The same bounds as `ponder.thinkBudget`: 0 (no budget) or MIN_THINK_BUDGET..MAX_CONTEXT_LENGTH tokens. */
const thinkBudget = (v: unknown): boolean => v === 0 || (Number.isInteger(v) && (v as number) >= MIN_THINK_BUDGET && (v as number) <= MAX_CONTEXT_LENGTH);

export function isSolveParams(value: unknown): value is SolveParams {
  return (
    isObject(value) &&
    typeof value['problem'] === 'string' &&
    (value['mode'] === 'adaptive' || value['mode'] === 'fixed') &&
    optional(value['uri'], (v) => typeof v === 'string') &&
    optional(value['range'], isRange) &&
    optional(value['version'], Number.isInteger) &&
    optional(value['strategy'], (v) => typeof v === 'string') &&
    optional(value['samples'], positiveInteger) &&
    optional(value['think'], (v) => (THINK_MODES as readonly unknown[]).includes(v)) &&
    optional(value['thinkBudget'], thinkBudget) &&
    optional(value['tokenCap'], positiveInteger) &&
    optional(value['rerunOf'], (v) => typeof v === 'string')
  );
}

export function isGetRunParams(value: unknown): value is GetRunParams {
  return isObject(value) && typeof value['runId'] === 'string';
}

export function isExplainParams(value: unknown): value is ExplainParams {
  return isObject(value) && typeof value['uri'] === 'string' && isPosition(value['position']);
}

export function isPullParams(value: unknown): value is PullParams {
  return isObject(value) && typeof value['model'] === 'string' && /^[\w.\-/:]+$/.test(value['model']);
}
