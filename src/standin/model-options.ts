// The request's `options` map, decoded as api.Options.FromMap does: unknown keys are ignored, a value of
// the wrong type is an error naming the option, numbers for integer options are truncated. The runner
// (load-time) options form a key: a request whose key differs from the loaded model's reloads it.

type OptionKind = 'int' | 'float' | 'bool' | 'string[]' | 'intPtr' | 'boolPtr';

const OPTION_KINDS: Readonly<Record<string, OptionKind>> = {
  num_keep: 'int',
  seed: 'int',
  num_predict: 'int',
  top_k: 'int',
  top_p: 'float',
  min_p: 'float',
  typical_p: 'float',
  repeat_last_n: 'int',
  temperature: 'float',
  repeat_penalty: 'float',
  presence_penalty: 'float',
  frequency_penalty: 'float',
  stop: 'string[]',
  // Runner options: set when the model is loaded.
  num_ctx: 'int',
  num_batch: 'int',
  num_gpu: 'int',
  main_gpu: 'intPtr',
  use_mmap: 'boolPtr',
  num_thread: 'int',
  draft_num_predict: 'int',
};

const RUNNER_OPTIONS = ['num_ctx', 'num_batch', 'num_gpu', 'main_gpu', 'use_mmap', 'num_thread', 'draft_num_predict'];

/** Ollama's DefaultOptions() for the fields the stand-in uses. */
const DEFAULTS = {
  temperature: 0.8,
  top_k: 40,
  top_p: 0.9,
  seed: -1,
  num_predict: -1,
  num_keep: 4,
  num_batch: 512,
  num_gpu: -1,
  num_thread: 0,
  draft_num_predict: 4,
};

export interface ModelOptions {
  readonly temperature: number;
  readonly topP: number;
  readonly topK: number;
  /** -1: a fresh random seed per request. */
  readonly seed: number;
  /** -1: unlimited. */
  readonly numPredict: number;
  readonly stop: readonly string[];
  readonly numCtx: number;
  /** Prompt tokens kept at the start when a prompt is cut (Ollama's default 4; -1: all). */
  readonly numKeep: number;
  /** The runner options as one comparable string. */
  readonly runnerKey: string;
}

function typeError(key: string, kind: OptionKind): string {
  switch (kind) {
    case 'int':
    case 'intPtr':
      return `option "${key}" must be of type integer`;
    case 'float':
      return `option "${key}" must be of type float32`;
    case 'bool':
    case 'boolPtr':
      return `option "${key}" must be of type boolean`;
    case 'string[]':
      return `option "${key}" must be of type array`;
  }
}

/**
 * Decodes `options`; returns the values or the error message. Ollama answers a badly typed option with
 * 500: the error comes out of modelOptions inside scheduleRunner, and handleScheduleError sends anything
 * it does not recognise as 500 (server/routes.go, v0.13.0 and v0.33.0-rc2).
 */
export function parseModelOptions(
  raw: Record<string, unknown> | undefined,
  defaultNumCtx: number,
): { ok: true; value: ModelOptions } | { ok: false; error: string } {
  const values: Record<string, unknown> = { ...DEFAULTS, num_ctx: defaultNumCtx, stop: [] };
  for (const [key, value] of Object.entries(raw ?? {})) {
    const kind = OPTION_KINDS[key];
    if (kind === undefined || value === null || value === undefined) continue; // unknown keys are only logged
    switch (kind) {
      case 'int':
      case 'intPtr':
        if (typeof value !== 'number') return { ok: false, error: typeError(key, kind) };
        values[key] = Math.trunc(value);
        break;
      case 'float':
        if (typeof value !== 'number') return { ok: false, error: typeError(key, kind) };
        values[key] = value;
        break;
      case 'bool':
      case 'boolPtr':
        if (typeof value !== 'boolean') return { ok: false, error: typeError(key, kind) };
        values[key] = value;
        break;
      case 'string[]':
        if (!Array.isArray(value)) return { ok: false, error: typeError(key, kind) };
        if (!value.every((item) => typeof item === 'string')) {
          return { ok: false, error: `option "${key}" must be of an array of strings` };
        }
        values[key] = value;
        break;
    }
  }
  const runnerKey = RUNNER_OPTIONS.map((key) => `${key}=${JSON.stringify(values[key] ?? null)}`).join(';');
  return {
    ok: true,
    value: {
      temperature: values.temperature as number,
      topP: values.top_p as number,
      topK: values.top_k as number,
      seed: values.seed as number,
      numPredict: values.num_predict as number,
      stop: values.stop as string[],
      numCtx: values.num_ctx as number,
      numKeep: values.num_keep as number,
      runnerKey,
    },
  };
}
