// Feature detection from Ollama's own answers: `/api/version` gates features by release, `/api/show`
// says what one model can do. Pure functions here; the client caches the requests.
import type { ModelCapabilities } from '../types';
import { findThinkTemplate } from './think-templates';
import type { ThinkTemplateName } from './think-templates';

/** Releases that introduced what Ponder uses (Ollama's changelog). */
export const FEATURE_VERSIONS = {
  logprobs: '0.12.11',
  thinkLevels: '0.11.0',
  think: '0.9.0',
  /** `truncate` / `shift` on chat and generate (api/types.go, first in v0.12.7). */
  truncate: '0.12.7',
} as const;

/** ModelCapabilities plus what only Ollama reports. */
export interface OllamaCapabilities extends ModelCapabilities {
  readonly version: string;
  /** `think` accepts "low" | "medium" | "high" (gpt-oss needs a level). */
  readonly thinkLevels: boolean;
  readonly thinksByDefault: boolean;
  readonly thinkingAlwaysOn: boolean;
  /** The model's capability list from /api/show, e.g. ["completion", "thinking"]. */
  readonly features: readonly string[];
  /**
   * How a thinking budget can be forced on this model: the template family Ponder renders raw prompts in
   * (think-templates.ts), `level` for a model that takes only levels (gpt-oss), or `stop` with the reason
   * it cannot be forced (stopped at the budget instead).
   */
  readonly forcing?: ThinkForcing;
}

export type ThinkForcing =
  | { readonly kind: 'template'; readonly template: ThinkTemplateName }
  | { readonly kind: 'level' }
  | { readonly kind: 'stop'; readonly reason: string };

/** The parts of /api/show Ponder reads (`model_info` is a plain object at runtime). */
export interface ShowSummary {
  readonly capabilities?: readonly string[];
  readonly details?: { readonly family?: unknown };
  readonly model_info?: Readonly<Record<string, unknown>>;
  /** The model's Go template, and the built-in renderer Ollama uses instead of it, if any (api/types.go ShowResponse). */
  readonly template?: unknown;
  readonly renderer?: unknown;
}

/**
 * `a >= b` for dotted versions. Pre-release suffixes ("0.12.11-rc1") count as that release. "0.0.0" is
 * what a development build of Ollama reports; it is treated as newer than every release.
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  const have = parseVersion(version);
  if (have === undefined) return false;
  if (have.every((part) => part === 0)) return true;
  const need = parseVersion(minimum) ?? [];
  for (let i = 0; i < Math.max(have.length, need.length); i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

function parseVersion(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** `<arch>.context_length` from model_info, preferring the model's own architecture. */
export function contextLengthOf(modelInfo: Readonly<Record<string, unknown>> | undefined): number | undefined {
  if (!modelInfo) return undefined;
  const arch = modelInfo['general.architecture'];
  const own = typeof arch === 'string' ? modelInfo[`${arch}.context_length`] : undefined;
  if (typeof own === 'number' && own > 0) return own;
  for (const [key, value] of Object.entries(modelInfo)) {
    if (key.endsWith('.context_length') && typeof value === 'number' && value > 0) return value;
  }
  return undefined;
}

/**
 * gpt-oss: Ollama renders and parses it with harmony (server/routes.go shouldUseHarmony, v0.33.0-rc2: model
 * family "gptoss" or "gpt-oss"), which ignores `think: true/false` and takes only levels
 * (docs/capabilities/thinking.mdx): its trace always comes first.
 */
const ALWAYS_THINKING_FAMILIES = ['gptoss', 'gpt-oss'];

export function capabilitiesFrom(version: string, show: ShowSummary): OllamaCapabilities {
  const features = Array.isArray(show.capabilities) ? show.capabilities.filter((c) => typeof c === 'string') : [];
  const contextLength = contextLengthOf(show.model_info);
  const family = typeof show.details?.family === 'string' ? show.details.family.toLowerCase() : '';
  const thinking = features.includes('thinking') && versionAtLeast(version, FEATURE_VERSIONS.think);
  const thinkingAlwaysOn = thinking && ALWAYS_THINKING_FAMILIES.includes(family);
  return {
    version,
    logprobs: versionAtLeast(version, FEATURE_VERSIONS.logprobs),
    thinking,
    // Ollama's thinking models think unless told not to (the stand-in's resolveThinking does the same).
    thinksByDefault: thinking,
    thinkingAlwaysOn,
    thinkLevels: versionAtLeast(version, FEATURE_VERSIONS.thinkLevels),
    features,
    ...(thinking ? { forcing: forcingOf(show, thinkingAlwaysOn) } : {}),
    ...(contextLength !== undefined ? { contextLength } : {}),
  };
}

function forcingOf(show: ShowSummary, alwaysOn: boolean): ThinkForcing {
  if (alwaysOn) return { kind: 'level' };
  const found = findThinkTemplate({
    ...(typeof show.template === 'string' ? { template: show.template } : {}),
    ...(typeof show.renderer === 'string' && show.renderer !== '' ? { renderer: show.renderer } : {}),
  });
  return 'template' in found ? { kind: 'template', template: found.template.name } : { kind: 'stop', reason: found.reason };
}
