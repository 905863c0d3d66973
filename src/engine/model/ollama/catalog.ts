// Plain, typed views of Ollama's model list, model details and pull progress, for the model picker.
// The server's JSON is read defensively: every field is optional in some release.
import { contextLengthOf } from './capabilities';

/** One installed model, from /api/tags. */
export interface ModelSummary {
  readonly name: string;
  /** Size on disk in bytes. */
  readonly size: number;
  readonly family?: string;
  /** e.g. "1.5B". */
  readonly parameterSize?: string;
  /** e.g. "Q4_K_M". */
  readonly quantization?: string;
  /** Only newer servers list them here; use showModel() otherwise. */
  readonly capabilities?: readonly string[];
  readonly modifiedAt?: string;
}

/** One model in detail, from /api/show. */
export interface ModelDetails {
  readonly name: string;
  readonly family?: string;
  readonly parameterSize?: string;
  readonly quantization?: string;
  /** e.g. ["completion", "thinking", "tools"]. */
  readonly capabilities: readonly string[];
  readonly thinking: boolean;
  readonly contextLength?: number;
}

/** One line of a pull's progress. `completed`/`total` are bytes of the layer being downloaded. */
export interface PullProgress {
  readonly status: string;
  readonly digest?: string;
  readonly completed?: number;
  readonly total?: number;
}

type Json = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const object = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

/** Drops absent fields so the objects compare and serialise cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function modelSummaryFrom(raw: unknown): ModelSummary {
  const entry = object(raw);
  const details = object(entry['details']);
  return compact({
    name: text(entry['name']) ?? text(entry['model']) ?? '',
    size: count(entry['size']) ?? 0,
    family: text(details['family']),
    parameterSize: text(details['parameter_size']),
    quantization: text(details['quantization_level']),
    capabilities: strings(entry['capabilities']),
    modifiedAt: text(entry['modified_at']),
  });
}

export function modelDetailsFrom(name: string, raw: unknown): ModelDetails {
  const show = object(raw);
  const details = object(show['details']);
  const capabilities = strings(show['capabilities']) ?? [];
  return compact({
    name,
    family: text(details['family']),
    parameterSize: text(details['parameter_size']),
    quantization: text(details['quantization_level']),
    capabilities,
    thinking: capabilities.includes('thinking'),
    contextLength: contextLengthOf(object(show['model_info'])),
  });
}

export function pullProgressFrom(raw: unknown): PullProgress {
  const line = object(raw);
  return compact({
    status: text(line['status']) ?? '',
    digest: text(line['digest']),
    completed: count(line['completed']),
    total: count(line['total']),
  });
}
