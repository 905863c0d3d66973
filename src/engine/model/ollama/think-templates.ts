// The chat templates Ponder can render itself, so that a thinking model's trace can be closed at a budget
// and the model made to answer (budget forcing, think-force.ts). Ponder sends the forced prompt with
// `raw: true` on /api/generate: Ollama then applies no template (server/routes.go GenerateHandler,
// v0.33.0-rc2: `if !req.Raw { … template … }`), so the prompt must be the model's own format, written here
// family by family from the template Ollama serves for the model (/api/show `template`). A model whose
// template matches none of these (or that Ollama renders with a built-in renderer, /api/show `renderer`)
// cannot be forced: it is stopped at the budget instead.
import type { ChatMessage } from '../types';

export type ThinkTemplateName = 'qwen3' | 'deepseek-r1' | 'magistral';

export interface ThinkTemplate {
  readonly name: ThinkTemplateName;
  /** The tags around the trace as the template writes them (and Ollama's thinking parser looks for them). */
  readonly openTag: string;
  readonly closeTag: string;
  /** What the model writes to open its trace, and what Ponder writes to close it (the forced close). */
  readonly open: string;
  readonly close: string;
  /** Whether a template served by Ollama is this one. */
  matches(template: string): boolean;
  /**
   * The prompt as Ollama renders the conversation with thinking on (`IsThinkSet` and `Think` true, as they are
   * for a thinking model: server/routes.go ChatHandler sets `think: true` when a request leaves it out),
   * ending where the model's turn begins; a trailing assistant message is left open (a prefill).
   */
  render(messages: readonly ChatMessage[]): string;
}

/** Ollama passes system messages to templates as `.System`, joined by a blank line (template/template.go collate, v0.33.0-rc2). */
function collate(messages: readonly ChatMessage[]): { system: string; turns: ChatMessage[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const turns: ChatMessage[] = [];
  for (const message of messages) {
    const last = turns[turns.length - 1];
    // Consecutive messages of one role are merged (collate), system ones included in `turns`.
    if (last && last.role === message.role) turns[turns.length - 1] = { role: last.role, content: `${last.content}\n\n${message.content}` };
    else turns.push(message);
  }
  return { system: system.join('\n\n'), turns };
}

/**
 * Qwen3 as Ollama's library serves it (qwen3 template, the one with `$.IsThinkSet`: ChatML; ` /think` after
 * the last user message when think is set; the trace as `<think>…</think>` in the last assistant turn; the
 * no-think prefill `<think>\n\n</think>\n\n`, which is also the form of a close). Ollama infers the tags
 * `<think>`/`</think>` from it (thinking/template.go InferTags; thinking/template_test.go case "qwen3").
 */
const QWEN3: ThinkTemplate = {
  name: 'qwen3',
  openTag: '<think>',
  closeTag: '</think>',
  open: '<think>\n',
  close: '\n</think>\n\n',
  matches: (template) => template.includes('<|im_start|>') && /<think>\{\{-?\s*\.Thinking\s*-?\}\}<\/think>/.test(template),
  render(messages) {
    const { system, turns } = collate(messages);
    let lastUser = -1;
    turns.forEach((m, i) => {
      if (m.role === 'user') lastUser = i;
    });
    let prompt = system !== '' ? `<|im_start|>system\n\n${system}<|im_end|>\n` : '';
    turns.forEach((m, i) => {
      const last = i === turns.length - 1;
      if (m.role === 'user') prompt += `<|im_start|>user\n${m.content}${i === lastUser ? ' /think' : ''}<|im_end|>\n`;
      else if (m.role === 'assistant') prompt += `<|im_start|>assistant\n${m.content}${last ? '' : '<|im_end|>\n'}`;
      if (last && m.role !== 'assistant') prompt += '<|im_start|>assistant\n';
    });
    return prompt;
  },
};

/**
 * DeepSeek-R1 and its distills as Ollama's library serves them (deepseek-r1 template with `$.IsThinkSet`:
 * `.System` first, `<｜User｜>`/`<｜Assistant｜>` turns, the trace as `<think>\n…\n</think>` in the last
 * assistant turn). The model opens its trace itself after `<｜Assistant｜>`.
 */
const DEEPSEEK_R1: ThinkTemplate = {
  name: 'deepseek-r1',
  openTag: '<think>',
  closeTag: '</think>',
  open: '<think>\n',
  close: '\n</think>\n\n',
  matches: (template) => template.includes('<｜Assistant｜>') && template.includes('<think>') && template.includes('.Thinking'),
  render(messages) {
    const { system, turns } = collate(messages);
    let prompt = system;
    turns.forEach((m, i) => {
      const last = i === turns.length - 1;
      if (m.role === 'user') prompt += `<｜User｜>${m.content}`;
      else if (m.role === 'assistant') prompt += `<｜Assistant｜>${m.content}${last ? '' : '<｜end▁of▁sentence｜>'}`;
      if (last && m.role !== 'assistant') prompt += '<｜Assistant｜>';
    });
    return prompt;
  },
};

/**
 * Magistral as Ollama's library serves it (magistral:latest, template blob 35f7a1efc383): Mistral's instruct
 * format (`[SYSTEM_PROMPT]…[/SYSTEM_PROMPT]`, `[INST]…[/INST]`, `</s>` after earlier turns) with the trace as
 * `<think>\n…\n</think>\n` in the last assistant turn; Ollama infers `<think>`/`</think>` from it
 * (thinking/template.go InferTags, v0.33.0-rc2).
 */
const MAGISTRAL: ThinkTemplate = {
  name: 'magistral',
  openTag: '<think>',
  closeTag: '</think>',
  open: '<think>\n',
  close: '\n</think>\n',
  matches: (template) => template.includes('[INST]') && template.includes('<think>') && template.includes('.Thinking'),
  render(messages) {
    let prompt = '';
    messages.forEach((m, i) => {
      const last = i === messages.length - 1;
      if (m.role === 'system') prompt += `[SYSTEM_PROMPT]${m.content}[/SYSTEM_PROMPT]`;
      else if (m.role === 'user') prompt += `[INST]${m.content}[/INST]`;
      else prompt += `${m.content}${last ? '' : '</s>'}`;
    });
    return prompt;
  },
};

export const THINK_TEMPLATES: readonly ThinkTemplate[] = [QWEN3, DEEPSEEK_R1, MAGISTRAL];

/** What /api/show says about how a model is rendered. */
export interface TemplateSource {
  readonly template?: string;
  /** A built-in renderer (Ollama ≥ 0.12): the Go template, if any, is not what the model sees. */
  readonly renderer?: string;
}

/** The template Ponder can force this model with, or why it cannot. */
export function findThinkTemplate(source: TemplateSource): { template: ThinkTemplate } | { reason: string } {
  if (source.renderer) return { reason: `Ollama renders this model with its built-in "${source.renderer}" renderer, which Ponder does not reproduce` };
  const text = source.template ?? '';
  if (text === '') return { reason: 'the server did not report the model\'s template' };
  const found = THINK_TEMPLATES.find((t) => t.matches(text));
  return found ? { template: found } : { reason: 'its chat template is none Ponder can render (qwen3, deepseek-r1, magistral)' };
}

export function thinkTemplateNamed(name: string | undefined): ThinkTemplate | undefined {
  return THINK_TEMPLATES.find((t) => t.name === name);
}
