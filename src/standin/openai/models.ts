// The models the OpenAI dialect serves, and GET /v1/models as vLLM lists them
// (vllm/entrypoints/openai/serving_models.py show_available_models → ModelList of ModelCard with
// owned_by "vllm", root, parent null, max_model_len and a permission list). vLLM matches a request's
// `model` to a served name exactly. The stand-in serves its installed generation models under their
// Ollama names, and the simulated process reward model for /pooling.
import type { ServerResponse } from 'node:http';
import type { StandinContext } from '../context';
import type { ModelEntry } from '../models';
import { sendJson } from './wire';

/** The simulated PRM's served name (its behaviour: prm.ts). */
export const PRM_MODEL = 'Qwen/Qwen2.5-Math-PRM-7B';
const PRM_CONTEXT = 4096;

export type ServedEntry =
  | { readonly kind: 'generate'; readonly entry: ModelEntry }
  | { readonly kind: 'reward'; readonly name: string; readonly contextLength: number };

export function servedModel(ctx: StandinContext, name: string): ServedEntry | undefined {
  if (name === PRM_MODEL) return { kind: 'reward', name: PRM_MODEL, contextLength: PRM_CONTEXT };
  const entry = ctx.catalog.list().find((e) => e.name === name || e.display === name);
  return entry ? { kind: 'generate', entry } : undefined;
}

export function sendModelList(ctx: StandinContext, res: ServerResponse): void {
  const created = Math.floor(Date.now() / 1000);
  const card = (id: string, maxModelLen: number): Record<string, unknown> => ({
    id,
    object: 'model',
    created,
    owned_by: 'vllm',
    root: id,
    parent: null,
    max_model_len: maxModelLen,
    permission: [
      {
        id: `modelperm-${id.replace(/[^\w]/g, '')}`,
        object: 'model_permission',
        created,
        allow_create_engine: false,
        allow_sampling: true,
        allow_logprobs: true,
        allow_search_indices: false,
        allow_view: true,
        allow_fine_tuning: false,
        organization: '*',
        group: null,
        is_blocking: false,
      },
    ],
  });
  const data = [...ctx.catalog.list().map((e) => card(e.name, e.contextLength)), card(PRM_MODEL, PRM_CONTEXT)];
  sendJson(res, 200, { object: 'list', data });
}
