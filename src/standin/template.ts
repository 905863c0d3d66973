// The stand-in's chat template: ChatML, as Qwen models use it. Messages render into one prompt string
// (whose tokens are what prompt_eval_count counts); a trailing assistant message is left open so the
// model continues it (a prefill). Raw prompts are parsed back into messages for the backend.
import type { ChatMessage } from '../engine/model/types';

const START = '<|im_start|>';
const END = '<|im_end|>';

/** The Go template /api/show reports; it renders exactly what renderChatPrompt renders. */
export const SHOW_TEMPLATE = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
<|im_start|>{{ .Role }}
{{ .Content }}{{ if not $last }}<|im_end|>
{{ end }}
{{- if and (ne .Role "assistant") $last }}<|im_end|>
<|im_start|>assistant
{{ end }}
{{- end }}`;

export interface PromptMessage {
  readonly role: string;
  readonly content: string;
  /** An assistant message's trace (api.Message `thinking`), which thinking templates render. */
  readonly thinking?: string;
}

export function renderChatPrompt(messages: readonly PromptMessage[]): string {
  let prompt = '';
  messages.forEach((message, i) => {
    const last = i === messages.length - 1;
    prompt += `${START}${message.role}\n${message.content}`;
    if (!last) prompt += `${END}\n`;
    else if (message.role !== 'assistant') prompt += `${END}\n${START}assistant\n`;
  });
  return prompt;
}

/** The backend knows system, user and assistant turns; any other role (tool, …) reads as user text. */
export function toBackendMessages(messages: readonly PromptMessage[]): ChatMessage[] {
  return messages.map((m) => ({
    role: m.role === 'system' || m.role === 'assistant' ? m.role : 'user',
    content: m.content,
  }));
}

/**
 * Messages of a prompt written in this template (raw mode, or a prompt with a deprecated `context`
 * prepended). Text with no turn markers is one user message: the model is asked to respond to it.
 */
export function parseChatPrompt(prompt: string): PromptMessage[] {
  const first = prompt.indexOf(START);
  if (first < 0) return prompt === '' ? [] : [{ role: 'user', content: prompt }];
  const messages: PromptMessage[] = [];
  const leading = prompt.slice(0, first).trim();
  if (leading !== '') messages.push({ role: 'user', content: leading });
  for (const segment of prompt.slice(first + START.length).split(START)) {
    const newline = segment.indexOf('\n');
    const role = (newline < 0 ? segment : segment.slice(0, newline)).trim().toLowerCase() || 'user';
    let content = newline < 0 ? '' : segment.slice(newline + 1);
    const end = content.indexOf(END);
    if (end >= 0) content = content.slice(0, end);
    messages.push({ role, content });
  }
  // An open, empty assistant turn at the end is the generation prompt, not a prefill.
  const last = messages[messages.length - 1];
  if (last && last.role === 'assistant' && last.content === '' && !prompt.endsWith(END) && !prompt.endsWith(`${END}\n`)) {
    messages.pop();
  }
  return messages;
}

/**
 * A `template` override on /api/generate, for the legacy templates that are plain substitutions:
 * `{{ .System }}` and `{{ .Prompt }}` are filled in, the text stops at `{{ .Response }}`, and other
 * actions are dropped. (The stand-in does not execute Go templates.)
 */
export function renderLegacyTemplate(template: string, system: string, prompt: string): string {
  const cut = template.search(/\{\{-?\s*\.Response\s*-?\}\}/);
  const head = cut >= 0 ? template.slice(0, cut) : template;
  // One pass, so text substituted in is never read as an action.
  return head.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (_action, name: string) =>
    name === '.System' ? system : name === '.Prompt' ? prompt : '',
  );
}
