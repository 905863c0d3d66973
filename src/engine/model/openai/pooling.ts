// A process reward model served by vLLM's pooling API (POST /pooling at the server root): a whole chain
// is scored in one forward pass, one reward per step. Two kinds of PRM, each as its model card feeds it:
//
// - `qwen`: Qwen2.5-Math-PRM (7B, 72B). The conversation is system prompt, problem, and an assistant
//   turn holding the steps each followed by `<extra_0>`, rendered with the Qwen2.5 chat template without
//   a generation prompt (model card, "Quick Start"). vLLM pools at every `<extra_0>` (STEP pooling,
//   step_tag_id 151651, vllm/model_executor/models/qwen2_rm.py) and returns the two-class softmax
//   [P(negative), P(positive)] per step: the reward is index 1.
// - `math-shepherd`: LM-head PRMs in the style of Math-Shepherd (peiyi9979/math-shepherd-mistral-7b-prm):
//   "problem step1 ки\nstep2 ки…", served with --pooler-config (--override-pooler-config before vLLM
//   0.12; docs/scale.md) '{"pooling_type": "STEP", "step_tag_id": 12902, "returned_token_ids": [648, 387]}' so that each step
//   tag gives [P(+), P(−)]: the reward is index 0.
//
// Steps are model output, so the step tags are removed from their text before they are joined.
import OpenAI from 'openai';
import { DEFAULT_PRM_MODEL } from '../../../protocol/settings';
import { abortErrorFrom, BadRequestError } from '../errors';
import { classifyOpenAIError } from './classify';
import { displayBaseUrl, normaliseBaseUrl, serverRoot } from './endpoint';

export type PrmStyle = 'qwen' | 'math-shepherd';

/** The PRM asked for when none is named. */
export const DEFAULT_PRM = DEFAULT_PRM_MODEL;

export const QWEN_PRM_SYSTEM = 'Please reason step by step, and put your final answer within \\boxed{}.';
const QWEN_TAG = '<extra_0>';
const SHEPHERD_TAG = 'ки';

export interface PrmClientOptions {
  readonly baseUrl: string;
  /** The served PRM, e.g. Qwen/Qwen2.5-Math-PRM-7B. */
  readonly model: string;
  readonly style?: PrmStyle;
  readonly apiKey?: string;
}

export interface PrmScores {
  /** One reward in [0, 1] per step, in order. */
  readonly scores: number[];
  readonly promptTokens: number;
}

/** The pooling request's `input` for a chain. */
export function prmInput(style: PrmStyle, problem: string, steps: readonly string[]): string {
  if (style === 'math-shepherd') {
    const clean = (s: string): string => s.split(SHEPHERD_TAG).join('').replace(/\s+/g, ' ').trim();
    return `${problem} ${steps.map((s) => `${clean(s)} ${SHEPHERD_TAG}`).join('\n')}`;
  }
  const clean = (s: string): string => s.split(QWEN_TAG).join('').trim();
  const assistant = `${steps.map(clean).join(QWEN_TAG)}${QWEN_TAG}`;
  return (
    `<|im_start|>system\n${QWEN_PRM_SYSTEM}<|im_end|>\n` +
    `<|im_start|>user\n${problem}<|im_end|>\n` +
    `<|im_start|>assistant\n${assistant}<|im_end|>\n`
  );
}

/** The rewards of a /pooling answer (untrusted): the positive class of each step-tag pair. */
export function readRewards(style: PrmStyle, body: unknown, steps: number): number[] | undefined {
  const data = (body as { data?: { data?: unknown }[] } | undefined)?.data?.[0]?.data;
  if (!Array.isArray(data) || data.length !== steps) return undefined;
  const positive = style === 'qwen' ? 1 : 0;
  const rewards = data.map((pair: unknown) => (Array.isArray(pair) && typeof pair[positive] === 'number' ? (pair[positive]) : Number.NaN));
  return rewards.every((r) => Number.isFinite(r) && r >= 0 && r <= 1) ? rewards : undefined;
}

export class PrmClient {
  readonly model: string;
  readonly style: PrmStyle;
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;

  constructor(options: PrmClientOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.model = options.model;
    this.style = options.style ?? 'qwen';
    this.#apiKey = options.apiKey;
  }

  async score(problem: string, steps: readonly string[], signal: AbortSignal): Promise<PrmScores> {
    if (steps.length === 0) return { scores: [], promptTokens: 0 };
    const endpoint = displayBaseUrl(this.baseUrl);
    const client = new OpenAI({ baseURL: serverRoot(this.baseUrl), apiKey: this.#apiKey ?? 'EMPTY', maxRetries: 2, logLevel: 'off' });
    let body: unknown;
    try {
      body = await client.post('/pooling', { body: { model: this.model, input: prmInput(this.style, problem, steps) }, signal });
    } catch (err) {
      throw classifyOpenAIError(err, { endpoint, model: this.model, apiKey: this.#apiKey, streaming: false }, signal);
    }
    if (signal.aborted) throw abortErrorFrom(signal);
    const scores = readRewards(this.style, body, steps.length);
    if (!scores) {
      const error = new BadRequestError('no reward per step', { endpoint, model: this.model });
      error.message =
        `The reward model "${this.model}" at ${endpoint} did not return one reward per step. ` +
        'Serve it as a process reward model with STEP pooling at its step tag (docs/scale.md), and check --prm-style.';
      throw error;
    }
    const usage = (body as { usage?: { prompt_tokens?: unknown } }).usage;
    return { scores, promptTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : 0 };
  }
}
