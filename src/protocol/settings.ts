// Ponder's settings: one typed object, parsed from whatever the editor (or a client of the language server)
// sends. Every field falls back to its default, and every value that is wrong is reported in words a person
// can act on, never silently dropped.

export type Mode = 'adaptive' | 'fixed';
export type BackendKind = 'ollama' | 'openai';
/** Who scores each step: the model as a judge (one call per step), or a trained process reward model. */
export type VerifierKind = 'judge' | 'prm';
/** How a PRM is fed and read: Qwen2.5-Math-PRM (`<extra_0>`) or a Math-Shepherd-style LM-head PRM (`ки`). */
export type PrmStyleSetting = 'qwen' | 'math-shepherd';

/** The process reward model asked for when none is named (served by vLLM's pooling API). */
export const DEFAULT_PRM_MODEL = 'Qwen/Qwen2.5-Math-PRM-7B';
/**
 * How a thinking model thinks: not at all, as it likes, or at a level (gpt-oss's low/medium/high; other
 * thinking models take a level as "on"). Models that cannot think ignore it.
 */
export type ThinkMode = 'off' | 'on' | 'low' | 'medium' | 'high';
export const THINK_MODES: readonly ThinkMode[] = ['off', 'on', 'low', 'medium', 'high'];

export interface PonderSettings {
  /** Ollama's address. Machine-scoped in VS Code: a workspace can never redirect it. */
  ollamaHost: string;
  model: string;
  /** A separate model for the step verifier; '' = the generator model. */
  verifierModel: string;
  mode: Mode;
  /** Strategy used in fixed mode. */
  fixedStrategy: string;
  /** Chains (or beams) in fixed mode. */
  fixedSamples: number;
  /** Hard cap on generated tokens per problem. */
  maxTokensPerProblem: number;
  /**
   * Adaptive mode stops once the leading answer's posterior confidence reaches this, in every difficulty bin.
   * null (the default): each bin's own threshold from the policy, the one the bench measures.
   */
  confidenceTarget: number | null;
  /** Requests at once against Ollama (match OLLAMA_NUM_PARALLEL). */
  parallelRequests: number;
  /** num_ctx sent with every call. */
  contextLength: number;
  /** Longest silence inside a started response before Ponder gives up on it. A queued request (no headers
   *  yet) is never a stall: Ollama sends nothing until a slot is free. */
  stallTimeoutSeconds: number;
  think: ThinkMode;
  /** Thinking tokens per sample before the trace is closed and the answer forced; 0 = no budget. */
  thinkBudget: number;
  temperature: number;
  hoverEnabled: boolean;
  /** A policy table (JSON) for adaptive mode; '' = the built-in one. */
  policyFile: string;
  /** Use the simulated demo model instead of Ollama. */
  useSimulatedModel: boolean;
  /** Which server `model` runs on: Ollama, or an OpenAI-compatible server (vLLM, SGLang, llama.cpp, LM Studio). */
  backend: BackendKind;
  /** The OpenAI-compatible server's base URL, or several separated by commas (as `--base-url` takes them),
   *  which then share the work. Machine-scoped like the Ollama host; its API key is kept in VS Code's
   *  secret storage, never in settings. */
  openaiBaseUrl: string;
  /** `judge` (default) or `prm`: a trained process reward model served by vLLM's pooling API. */
  verifier: VerifierKind;
  /** Where the PRM is served; '' = the first address of `openaiBaseUrl`. Machine-scoped. */
  verifierBaseUrl: string;
  prmStyle: PrmStyleSetting;
}

export const DEFAULT_SETTINGS: PonderSettings = {
  ollamaHost: 'http://127.0.0.1:11434',
  model: 'qwen2.5:1.5b',
  verifierModel: '',
  mode: 'adaptive',
  fixedStrategy: 'weighted',
  fixedSamples: 8,
  maxTokensPerProblem: 16384,
  confidenceTarget: null,
  parallelRequests: 1,
  contextLength: 8192,
  stallTimeoutSeconds: 60,
  think: 'off',
  thinkBudget: 0,
  temperature: 0.8,
  hoverEnabled: true,
  policyFile: '',
  useSimulatedModel: false,
  backend: 'ollama',
  openaiBaseUrl: 'http://127.0.0.1:8000/v1',
  verifier: 'judge',
  verifierBaseUrl: '',
  prmStyle: 'qwen',
};

export interface ParsedSettings {
  settings: PonderSettings;
  /** One message per invalid value, naming the setting, what was wrong and the value used instead. */
  problems: string[];
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
type Check<T> = (value: unknown) => Checked<T>;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (message: string): Checked<never> => ({ ok: false, message });

const text: Check<string> = (v) => (typeof v === 'string' ? ok(v.trim()) : bad('must be text'));
const bool: Check<boolean> = (v) => (typeof v === 'boolean' ? ok(v) : bad('must be true or false'));
const number = (min: number, max: number, integer: boolean): Check<number> => (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return bad('must be a number');
  if (integer && !Number.isInteger(v)) return bad('must be a whole number');
  if (v < min || v > max) return bad(`must be between ${min} and ${max}`);
  return ok(v);
};
const oneOf = <T extends string>(...values: T[]): Check<T> => (v) =>
  typeof v === 'string' && (values as string[]).includes(v) ? ok(v as T) : bad(`must be one of ${values.join(', ')}`);
const host: Check<string> = (v) => {
  const example = 'must be an address such as http://127.0.0.1:11434';
  if (typeof v !== 'string' || v.trim() === '') return bad(example);
  const value = v.trim();
  // No URL class here: this module runs in every process, some without Node's or the DOM's globals.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^https?:\/\//i.test(value)) return bad('must be an http:// or https:// address');
  // A path is kept: Ollama behind a reverse proxy is often served under one (`https://host/ollama`).
  const match = /^(?:https?:\/\/)?(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?(?:\/[\w.~%!$&'()*+,;=:@/-]*)?$/i.exec(value);
  if (!match || Number(match[1] ?? 0) > 65535) return bad(example);
  return ok(value);
};
const modelName = (required: boolean): Check<string> => (v) => {
  const example = 'must be a model name such as qwen2.5:1.5b';
  if (typeof v !== 'string') return bad(example);
  const value = v.trim();
  if (required && value === '') return bad(example);
  return /^[\w.\-/:]*$/.test(value) ? ok(value) : bad(`${example} (letters, digits, ".", "-", "/", ":")`);
};

/** An http(s) base URL with an optional path (`http://host:8000/v1`, a proxy prefix), without credentials. */
const baseUrl: Check<string> = (v) => {
  const example = 'must be an address such as http://127.0.0.1:8000/v1';
  if (typeof v !== 'string' || v.trim() === '') return bad(example);
  const value = v.trim();
  if (!/^https?:\/\//i.test(value)) return bad('must be an http:// or https:// address such as http://127.0.0.1:8000/v1');
  if (/^https?:\/\/[^/]*@/i.test(value)) return bad('must be an address without credentials (set the API key with "Ponder: Set API Key…")');
  if (!/^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?(\/[\w.~%/-]*)?$/i.test(value)) return bad(example);
  return ok(value);
};

/** One base URL or several, comma-separated (each checked, none twice), kept as written. */
const baseUrlList: Check<string> = (v) => {
  if (typeof v !== 'string') return baseUrl(v);
  const urls = baseUrls(v);
  if (urls.length === 0) return baseUrl('');
  for (const url of urls) {
    const checked = baseUrl(url);
    if (!checked.ok) return urls.length > 1 ? bad(`${checked.message} (each address of the comma-separated list)`) : checked;
  }
  const canonical = urls.map((u) => u.replace(/\/+$/, '').toLowerCase());
  if (new Set(canonical).size !== canonical.length) return bad('must be different addresses (one is named twice)');
  return ok(v.trim());
};

/** The addresses of a (valid) `openaiBaseUrl`, in order. */
export function baseUrls(setting: string): string[] {
  return setting.split(',').map((u) => u.trim()).filter((u) => u !== '');
}

/** An optional base URL: '' means "the default address". */
const optionalBaseUrl: Check<string> = (v) => (typeof v === 'string' && v.trim() === '' ? ok('') : baseUrl(v));
/** `ponder.think`, and its values before it took levels (true, false), read without a warning. */
const thinkMode: Check<ThinkMode> = (v) => {
  if (v === true) return ok('on');
  if (v === false) return ok('off');
  return oneOf(...THINK_MODES)(v);
};

/** The smallest thinking budget accepted: below it a trace is cut before it can say anything. */
export const MIN_THINK_BUDGET = 16;

/** `ponder.thinkBudget`: 0 (no budget) or a whole number of tokens, at most the largest context. */
const thinkBudget: Check<number> = (v) => {
  const rule = `0 (no budget) or a whole number of thinking tokens from ${MIN_THINK_BUDGET} to ${MAX_CONTEXT_LENGTH}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`must be a number: ${rule}`);
  if (v === 0) return ok(0);
  if (!Number.isInteger(v) || v < MIN_THINK_BUDGET || v > MAX_CONTEXT_LENGTH) return bad(`must be ${rule}`);
  return ok(v);
};

/** The largest `contextLength` accepted (1 Mi tokens). */
export const MAX_CONTEXT_LENGTH = 1_048_576;

const CHECKS: { [K in keyof PonderSettings]: Check<PonderSettings[K]> } = {
  ollamaHost: host,
  model: modelName(true),
  verifierModel: modelName(false),
  mode: oneOf('adaptive', 'fixed'),
  fixedStrategy: text,
  fixedSamples: number(1, 256, true),
  maxTokensPerProblem: number(64, 10_000_000, true),
  confidenceTarget: number(0.5, 0.999, false),
  parallelRequests: number(1, 64, true),
  contextLength: number(512, MAX_CONTEXT_LENGTH, true),
  stallTimeoutSeconds: number(1, 3600, false),
  think: thinkMode,
  thinkBudget,
  temperature: number(0, 2, false),
  hoverEnabled: bool,
  policyFile: text,
  useSimulatedModel: bool,
  backend: oneOf('ollama', 'openai'),
  openaiBaseUrl: baseUrlList,
  verifier: oneOf('judge', 'prm'),
  verifierBaseUrl: optionalBaseUrl,
  prmStyle: oneOf('qwen', 'math-shepherd'),
};

/** A value as the user wrote it (JSON would show NaN and Infinity as null). */
const shown = (value: unknown): string =>
  typeof value === 'number' && !Number.isFinite(value)
    ? String(value)
    : // Credentials in an address (`https://user:key@host`) are never repeated back.
      (JSON.stringify(value) ?? String(value)).replace(/(\/\/)[^/@\s"]*@/g, '$1…@');

/** What the settings whose default is null (not set) mean when they are not set. */
const UNSET_MEANS: { readonly [K in keyof PonderSettings]?: string } = {
  confidenceTarget: "each difficulty bin's own threshold from the policy",
};

/** A setting's default as a message names it: the value, or what leaving the setting unset means. */
export function defaultInWords(key: keyof PonderSettings): string {
  return UNSET_MEANS[key] ?? JSON.stringify(DEFAULT_SETTINGS[key]);
}

/** Parses settings from an untyped object (keys as in PonderSettings); missing keys take their defaults. */
export function parseSettings(raw: unknown): ParsedSettings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  for (const key of Object.keys(CHECKS) as (keyof PonderSettings)[]) {
    const value = source[key];
    if (value === undefined || value === null) continue;
    const result = (CHECKS[key] as Check<unknown>)(value);
    if (result.ok) settings[key] = result.value;
    else problems.push(`ponder.${key} ${result.message}; using ${defaultInWords(key)} instead of ${shown(value)}.`);
  }
  return { settings: settings as unknown as PonderSettings, problems };
}
