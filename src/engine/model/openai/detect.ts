// Which OpenAI-compatible server answers, told from what each one exposes, and what that means for
// Ponder. `owned_by` of GET /v1/models is the first clue:
//   vLLM       vllm/entrypoints/openai/protocol.py   ModelCard.owned_by = "vllm"
//   SGLang     sglang/srt/entrypoints/openai/protocol.py  ModelCard.owned_by = "sglang"
//   llama.cpp  tools/server/server.cpp   {"owned_by", "llamacpp"}
//   Ollama     openai/openai.go (ToListCompletion)  OwnedBy "library"
// LM Studio (closed source) answers GET /api/v0/models, its own REST API, which the others do not serve.

export type ServerKind = 'vllm' | 'sglang' | 'llama.cpp' | 'lmstudio' | 'ollama' | 'unknown';

export interface ServedModel {
  readonly id: string;
  readonly ownedBy: string | undefined;
  /** vLLM's `max_model_len`, llama.cpp's `meta.n_ctx_train`, when reported. */
  readonly contextLength: number | undefined;
}

/** The models of a /v1/models answer (`{"object": "list", "data": [...]}`), untrusted. */
export function parseModelList(body: unknown): ServedModel[] {
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return [];
  return data
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string')
    .map((entry) => {
      const meta = entry.meta as { n_ctx_train?: unknown } | undefined;
      const length = typeof entry.max_model_len === 'number' ? entry.max_model_len : typeof meta?.n_ctx_train === 'number' ? meta.n_ctx_train : undefined;
      return {
        id: entry.id as string,
        ownedBy: typeof entry.owned_by === 'string' ? entry.owned_by : undefined,
        contextLength: length !== undefined && length > 0 ? length : undefined,
      };
    });
}

/** The server kind from the owners in /v1/models, before any further probe. */
export function kindFromOwners(models: readonly ServedModel[]): ServerKind {
  const owners = new Set(models.map((m) => m.ownedBy?.toLowerCase()));
  if (owners.has('vllm')) return 'vllm';
  if (owners.has('sglang')) return 'sglang';
  if (owners.has('llamacpp')) return 'llama.cpp';
  if (owners.has('library')) return 'ollama';
  return 'unknown';
}

/** What Ponder relies on, per server. `n`: several samples of one prompt in one request (one prefill). */
export interface ServerTraits {
  readonly n: boolean;
  /** The continue_final_message / add_generation_prompt extension for prefills. */
  readonly prefill: boolean;
  /** The pooling API (/pooling) for reward models. */
  readonly pooling: boolean;
}

export function traitsOf(kind: ServerKind): ServerTraits {
  switch (kind) {
    case 'vllm':
      return { n: true, prefill: true, pooling: true };
    case 'sglang':
      return { n: true, prefill: true, pooling: false };
    case 'llama.cpp':
      // llama-server rejects n != 1 for chat completions ("Only one completion choice is allowed").
      return { n: false, prefill: true, pooling: false };
    default:
      return { n: false, prefill: false, pooling: false };
  }
}

export const SERVER_NAMES: Readonly<Record<ServerKind, string>> = {
  vllm: 'vLLM',
  sglang: 'SGLang',
  'llama.cpp': 'llama.cpp',
  lmstudio: 'LM Studio',
  ollama: 'Ollama (OpenAI API)',
  unknown: 'an OpenAI-compatible server',
};
