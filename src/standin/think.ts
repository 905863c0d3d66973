// The `think` field as api.ThinkValue decodes it, gated by the server version being imitated:
// before 0.11.0 it is a plain bool, before 0.22.0 "max" is not a level, before 0.9.0 it does not exist.
import type { Features } from './version';

export type ThinkValue = boolean | 'low' | 'medium' | 'high' | 'max';

export function parseThink(
  value: unknown,
  structName: string,
  features: Features,
): { ok: true; value: ThinkValue | undefined } | { ok: false; error: string } {
  if (value === undefined || value === null || !features.think) return { ok: true, value: undefined };
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'string' && features.thinkLevels) {
    const levels = features.thinkMax ? ['high', 'medium', 'low', 'max'] : ['high', 'medium', 'low'];
    if (levels.includes(value)) return { ok: true, value: value as ThinkValue };
    const allowed = levels.map((level) => `"${level}"`).join(', ');
    return { ok: false, error: `invalid think value: "${value}" (must be ${allowed}, true, or false)` };
  }
  if (!features.thinkLevels) {
    const kind = typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : Array.isArray(value) ? 'array' : 'object';
    return { ok: false, error: `json: cannot unmarshal ${kind} into Go struct field ${structName}.think of type bool` };
  }
  const levels = features.thinkMax ? '"high", "medium", "low", "max"' : '"high", "medium", "low"';
  return { ok: false, error: `think must be a boolean or string (${levels}, true, or false)` };
}

/** Any level, or true, turns thinking on. */
export function thinkEnabled(value: ThinkValue | undefined): boolean {
  return value !== undefined && value !== false;
}
