// The models the stand-in has installed and the ones its pretend registry can pull, with the payloads of
// /api/tags, /api/show and /api/ps built from them. Every model is served by the same backend.
import { createHash } from 'node:crypto';
import { parseModelName } from './names';
import type { TemplateFamily } from './chat-templates';
import { chatTemplate } from './chat-templates';

/** Every capability Ollama knows (types/model/capability.go, v0.33.0-rc2). */
export type ModelCapability = 'completion' | 'tools' | 'insert' | 'vision' | 'embedding' | 'thinking' | 'image' | 'audio';

export interface ModelSpec {
  /** `name:tag`, e.g. `qwen3:1.7b`. */
  readonly name: string;
  /** GGUF architecture, e.g. `qwen2`, `qwen3`. */
  readonly family: string;
  /** e.g. `1.5B`. */
  readonly parameterSize: string;
  /** e.g. `Q4_K_M`. */
  readonly quantization: string;
  readonly sizeBytes: number;
  readonly capabilities: readonly ModelCapability[];
  /** The model's trained context length (model_info `<family>.context_length`). */
  readonly contextLength: number;
  /** Its chat template (chat-templates.ts). Default ChatML without thinking. */
  readonly template?: TemplateFamily;
  /**
   * A built-in renderer and parser Ollama uses instead of the Go template (model config `renderer`/`parser`,
   * reported by /api/show: api/types.go ShowResponse, v0.33.0-rc2). The stand-in serves such a model with its
   * template, thinking split apart as the parser would.
   */
  readonly renderer?: string;
}

export interface ModelEntry extends ModelSpec {
  readonly key: string;
  readonly full: string;
  readonly display: string;
  /** Manifest digest, bare hex as /api/tags prints it. */
  readonly digest: string;
  readonly modifiedAt: Date;
  /** Blobs of the manifest, model weights first. */
  readonly layers: readonly { readonly digest: string; readonly size: number }[];
}

export const DEFAULT_MODELS: readonly ModelSpec[] = [
  {
    name: 'qwen2.5:1.5b',
    family: 'qwen2',
    parameterSize: '1.5B',
    quantization: 'Q4_K_M',
    sizeBytes: 986_061_892,
    capabilities: ['completion'],
    contextLength: 32_768,
  },
  {
    name: 'qwen3:1.7b',
    family: 'qwen3',
    parameterSize: '2.0B',
    quantization: 'Q4_K_M',
    sizeBytes: 1_359_293_444,
    capabilities: ['completion', 'thinking'],
    contextLength: 40_960,
    template: 'qwen3',
  },
];

/**
 * A model that behaves like gpt-oss: family "gptoss", so the stand-in treats it as Ollama treats harmony
 * models (server/routes.go shouldUseHarmony, v0.33.0-rc2): it always thinks, `think: true/false` is
 * ignored and only a level tunes the length of its trace (docs/capabilities/thinking.mdx).
 */
export const GPT_OSS_LIKE: ModelSpec = {
  name: 'gpt-oss:20b',
  family: 'gptoss',
  parameterSize: '20.9B',
  quantization: 'MXFP4',
  sizeBytes: 13_780_173_839,
  capabilities: ['completion', 'tools', 'thinking'],
  contextLength: 131_072,
};

/** DeepSeek-R1's Qwen 1.5B distill, with the deepseek-r1 template of Ollama's library. */
export const DEEPSEEK_R1_DISTILL: ModelSpec = {
  name: 'deepseek-r1:1.5b',
  family: 'qwen2',
  parameterSize: '1.8B',
  quantization: 'Q4_K_M',
  sizeBytes: 1_117_322_768,
  capabilities: ['completion', 'thinking'],
  contextLength: 131_072,
  template: 'deepseek-r1',
};

/**
 * Magistral as Ollama's library serves it: its trace as `<think>…</think>` in Mistral's instruct format
 * (chat-templates.ts, from the library's template blob 35f7a1efc383).
 */
export const MAGISTRAL_LIKE: ModelSpec = {
  name: 'magistral:24b',
  family: 'llama',
  parameterSize: '23.6B',
  quantization: 'Q4_K_M',
  sizeBytes: 14_333_927_424,
  capabilities: ['completion', 'tools', 'thinking'],
  contextLength: 40_960,
  template: 'magistral',
};

/** A thinking model Ollama renders with a built-in renderer (as it does Qwen3-VL): no template a client can reuse. */
export const RENDERER_THINKER: ModelSpec = {
  name: 'qwen3-vl:2b',
  family: 'qwen3vl',
  parameterSize: '2.1B',
  quantization: 'Q4_K_M',
  sizeBytes: 1_891_394_654,
  capabilities: ['completion', 'tools', 'thinking', 'vision'],
  contextLength: 262_144,
  renderer: 'qwen3-vl-thinking',
};

/** Pullable but not installed by default. */
export const DEFAULT_REGISTRY: readonly ModelSpec[] = [
  GPT_OSS_LIKE,
  {
    name: 'qwen2-math:1.5b',
    family: 'qwen2',
    parameterSize: '1.5B',
    quantization: 'Q4_0',
    sizeBytes: 934_964_032,
    capabilities: ['completion'],
    contextLength: 4_096,
  },
  DEEPSEEK_R1_DISTILL,
  MAGISTRAL_LIKE,
  RENDERER_THINKER,
];

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function toEntry(spec: ModelSpec, modifiedAt: Date): ModelEntry {
  const parsed = parseModelName(spec.name);
  if (parsed.kind !== 'ok') throw new Error(`invalid model name in the stand-in's catalog: ${spec.name}`);
  const small = [chatTemplate(spec.template).source.length, 11_343, 120, 487];
  const layers = [
    { digest: `sha256:${sha256(`${parsed.key}#model`)}`, size: Math.max(1, spec.sizeBytes - small.reduce((a, b) => a + b, 0)) },
    ...small.map((size, i) => ({ digest: `sha256:${sha256(`${parsed.key}#layer${i}`)}`, size })),
  ];
  return { ...spec, key: parsed.key, full: parsed.full, display: parsed.display, digest: sha256(parsed.key), modifiedAt, layers };
}

export class ModelCatalog {
  private readonly installed = new Map<string, ModelEntry>();
  private readonly registry = new Map<string, ModelEntry>();

  constructor(installed: readonly ModelSpec[], registry: readonly ModelSpec[]) {
    const now = new Date();
    for (const spec of registry) this.add(this.registry, toEntry(spec, now));
    for (const spec of installed) {
      const entry = toEntry(spec, now);
      this.add(this.installed, entry);
      this.add(this.registry, entry);
    }
  }

  private add(map: Map<string, ModelEntry>, entry: ModelEntry): void {
    map.set(entry.key, entry);
  }

  find(name: string): ModelEntry | undefined {
    const parsed = parseModelName(name);
    return parsed.kind === 'ok' ? this.installed.get(parsed.key) : undefined;
  }

  findInRegistry(name: string): ModelEntry | undefined {
    const parsed = parseModelName(name);
    return parsed.kind === 'ok' ? this.registry.get(parsed.key) : undefined;
  }

  /** Records a pulled model: it is listed from now on. */
  install(entry: ModelEntry): void {
    this.installed.set(entry.key, { ...entry, modifiedAt: new Date() });
  }

  list(): ModelEntry[] {
    return [...this.installed.values()].sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime());
  }
}

export function modelDetails(entry: ModelEntry): Record<string, unknown> {
  return {
    parent_model: '',
    format: 'gguf',
    family: entry.family,
    families: [entry.family],
    parameter_size: entry.parameterSize,
    quantization_level: entry.quantization,
  };
}

export function tagsEntry(entry: ModelEntry): Record<string, unknown> {
  return {
    name: entry.display,
    model: entry.display,
    modified_at: entry.modifiedAt.toISOString(),
    size: entry.sizeBytes,
    digest: entry.digest,
    details: modelDetails(entry),
  };
}

export function showPayload(entry: ModelEntry, verbose: boolean): Record<string, unknown> {
  const family = entry.family;
  const template = chatTemplate(entry.template);
  const modelInfo: Record<string, unknown> = {
    'general.architecture': family,
    'general.basename': entry.display.split(':')[0],
    'general.file_type': 15,
    'general.parameter_count': parameterCount(entry.parameterSize),
    'general.quantization_version': 2,
    [`${family}.context_length`]: entry.contextLength,
    [`${family}.embedding_length`]: 1536,
    [`${family}.block_count`]: 28,
  };
  if (verbose) modelInfo['tokenizer.ggml.tokens'] = [];
  return {
    license: 'Apache License 2.0',
    modelfile: `# Modelfile generated by "ollama show"\n# To build a new Modelfile based on this, replace FROM with:\n# FROM ${entry.display}\n\nFROM ${entry.display}\nTEMPLATE """${template.source}"""\n`,
    parameters: template.stops.map((stop) => `stop                           "${stop}"`).join('\n'),
    template: template.source,
    ...(entry.renderer === undefined ? {} : { renderer: entry.renderer, parser: entry.renderer }),
    details: modelDetails(entry),
    model_info: modelInfo,
    capabilities: entry.capabilities,
    modified_at: entry.modifiedAt.toISOString(),
  };
}

function parameterCount(size: string): number {
  const match = /^([\d.]+)\s*([KMB]?)$/i.exec(size);
  if (!match) return 0;
  const scale: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, '': 1 };
  return Math.round(Number(match[1]) * (scale[match[2]!.toUpperCase()] ?? 1));
}
