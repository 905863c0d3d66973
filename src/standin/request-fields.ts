// Type checks of request bodies with the messages Go's encoding/json gives when gin binds a request:
// "json: cannot unmarshal string into Go struct field GenerateRequest.stream of type bool". Unknown
// fields are ignored, as Go ignores them; `null` leaves a field unset.

export type FieldKind =
  | 'string'
  | 'bool'
  | 'int'
  | 'int[]'
  | 'string[]'
  | 'object'
  | 'array'
  | 'any'
  /** A Go `time.Duration` wrapper (keep_alive): a number of seconds or a duration string. */
  | 'duration'
  | { readonly arrayOf: Readonly<Record<string, FieldKind>>; readonly goType: string };

const GO_TYPES: Record<string, string> = {
  string: 'string',
  bool: 'bool',
  int: 'int',
  'int[]': '[]int',
  'string[]': '[]string',
  object: 'map[string]interface {}',
  array: '[]interface {}',
};

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // string, number
}

function mismatch(value: unknown, path: string, goType: string): string {
  const kind = jsonKind(value);
  const shown = kind === 'number' && !Number.isInteger(value) && goType.endsWith('int') ? `number ${String(value)}` : kind;
  return `json: cannot unmarshal ${shown} into Go struct field ${path} of type ${goType}`;
}

function checkValue(value: unknown, kind: FieldKind, path: string): string | undefined {
  if (value === null || kind === 'any') return undefined;
  if (typeof kind === 'object') {
    if (!Array.isArray(value)) return mismatch(value, path, `[]api.${kind.goType}`);
    const struct = path.split('.')[0]!;
    const field = path.split('.').slice(1).join('.');
    for (const item of value) {
      if (item === null) continue;
      if (typeof item !== 'object' || Array.isArray(item)) return mismatch(item, path, `api.${kind.goType}`);
      const error = checkFields(item as Record<string, unknown>, kind.arrayOf, `${struct}.${field}`);
      if (error) return error;
    }
    return undefined;
  }
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : mismatch(value, path, 'string');
    case 'bool':
      return typeof value === 'boolean' ? undefined : mismatch(value, path, 'bool');
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : mismatch(value, path, 'int');
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) ? undefined : mismatch(value, path, GO_TYPES.object!);
    case 'array':
      return Array.isArray(value) ? undefined : mismatch(value, path, GO_TYPES.array!);
    case 'int[]':
    case 'string[]': {
      if (!Array.isArray(value)) return mismatch(value, path, GO_TYPES[kind]!);
      const item = kind === 'int[]' ? 'int' : 'string';
      for (const element of value) {
        const error = checkValue(element, item, path);
        if (error) return error;
      }
      return undefined;
    }
    case 'duration':
      if (typeof value === 'number') return undefined;
      if (typeof value === 'string') return parseGoDuration(value) === undefined ? `time: invalid duration "${value}"` : undefined;
      return `Unsupported type: '${Array.isArray(value) ? '[]interface {}' : typeof value === 'object' ? 'map[string]interface {}' : 'bool'}'`;
  }
}

/** Checks each known field of `body`; returns the first error message, or undefined when all fit. */
export function checkFields(
  body: Record<string, unknown>,
  spec: Readonly<Record<string, FieldKind>>,
  structName: string,
): string | undefined {
  for (const [field, kind] of Object.entries(spec)) {
    if (!(field in body)) continue;
    const error = checkValue(body[field], kind, `${structName}.${field}`);
    if (error) return error;
  }
  return undefined;
}

/** A body must be a JSON object (or null, which Go decodes into an empty request). */
export function asRequestObject(
  value: unknown,
  goType: string,
): { ok: true; body: Record<string, unknown> } | { ok: false; error: string } {
  if (value === null) return { ok: true, body: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: `json: cannot unmarshal ${jsonKind(value)} into Go value of type api.${goType}` };
  }
  return { ok: true, body: value as Record<string, unknown> };
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration ("5m", "1h30m", "-1s", "0"), in milliseconds; undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (!match) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(amount) * (DURATION_UNITS[unit!] ?? 0);
  }
  return match[1] === '-' ? -total : total;
}

/**
 * keep_alive in milliseconds as api.Duration decodes it: a number is seconds, a string is a Go duration,
 * a negative value keeps the model loaded forever (Infinity), and unset means the default.
 */
export function keepAliveMs(value: unknown, defaultMs: number): number {
  if (value === undefined || value === null) return defaultMs;
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (ms === undefined) return defaultMs;
  return ms < 0 ? Number.POSITIVE_INFINITY : ms;
}
