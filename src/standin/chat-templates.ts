// The chat templates of the stand-in's models, one per family: the Go template /api/show reports, how a
// conversation renders through it (what prompt_eval_count counts), how a raw prompt written in it reads back
// as messages, and how a thinking model writes its trace. Thinking models get the template Ollama's library
// serves for them, so that a client rendering a raw prompt from /api/show's template meets what it would
// meet with real Ollama.
import type { StandinContext } from './context';
import type { ModelEntry } from './models';
import type { PromptMessage } from './template';
import type { ThinkValue } from './think';
import { parseChatPrompt, renderChatPrompt, SHOW_TEMPLATE } from './template';

export type TemplateFamily = 'chatml' | 'qwen3' | 'deepseek-r1' | 'magistral';

/** How a model's trace is delimited. */
export interface TraceFormat {
  /** The tags Ollama infers from the template (thinking/template.go InferTags, v0.33.0-rc2). */
  readonly openTag: string;
  readonly closeTag: string;
  /** What the model writes to open and to close its trace. */
  readonly open: string;
  readonly close: string;
}

/** `$.IsThinkSet` and `$.Think` as Ollama passes them to the template. */
export interface ThinkVars {
  readonly isSet: boolean;
  readonly on: boolean;
}

export interface ChatTemplate {
  readonly family: TemplateFamily;
  /** The Go template /api/show returns. */
  readonly source: string;
  /** The `stop` parameters /api/show lists. */
  readonly stops: readonly string[];
  /** For thinking families: the trace's tags. */
  readonly trace?: TraceFormat;
  render(messages: readonly PromptMessage[], think: ThinkVars): string;
  /** A raw prompt in this template, read back as messages (a trailing assistant turn keeps its raw text). */
  parse(prompt: string): PromptMessage[];
}

const CHATML: ChatTemplate = {
  family: 'chatml',
  source: SHOW_TEMPLATE,
  stops: ['<|im_start|>', '<|im_end|>'],
  render: (messages) => renderChatPrompt(messages),
  parse: parseChatPrompt,
};

/**
 * Qwen3's template as Ollama's library serves it (the qwen3 template with `$.IsThinkSet`, as
 * `ollama show qwen3 --modelfile` prints it; its thinking part is thinking/template_test.go's "qwen3" case,
 * v0.33.0-rc2). Tools are left out: the stand-in serves none.
 */
const QWEN3_SOURCE = `{{- $lastUserIdx := -1 -}}
{{- range $idx, $msg := .Messages -}}
{{- if eq $msg.Role "user" }}{{ $lastUserIdx = $idx }}{{ end -}}
{{- end }}
{{- if or .System .Tools }}<|im_start|>system
{{ if .System }}
{{ .System }}
{{- end }}
{{- if .Tools }}

# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{{- range .Tools }}
{"type": "function", "function": {{ .Function }}}
{{- end }}
</tools>

For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
<tool_call>
{"name": <function-name>, "arguments": <args-json-object>}
</tool_call>
{{- end -}}
<|im_end|>
{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1 -}}
{{- if eq .Role "user" }}<|im_start|>user
{{ .Content }}
{{- if and $.IsThinkSet (eq $i $lastUserIdx) }}
   {{- if $.Think -}}
      {{- " "}}/think
   {{- else -}}
      {{- " "}}/no_think
   {{- end -}}
{{- end }}<|im_end|>
{{ else if eq .Role "assistant" }}<|im_start|>assistant
{{ if (and $.IsThinkSet (and .Thinking (or $last (gt $i $lastUserIdx)))) -}}
<think>{{ .Thinking }}</think>
{{ end -}}
{{ if .Content }}{{ .Content }}
{{- else if .ToolCalls }}<tool_call>
{{ range .ToolCalls }}{"name": "{{ .Function.Name }}", "arguments": {{ .Function.Arguments }}}
{{ end }}</tool_call>
{{- end }}{{ if not $last }}<|im_end|>
{{ end }}
{{- else if eq .Role "tool" }}<|im_start|>user
<tool_response>
{{ .Content }}
</tool_response><|im_end|>
{{ end }}
{{- if and (ne .Role "assistant") $last }}<|im_start|>assistant
{{ if and $.IsThinkSet (not $.Think) -}}
<think>

</think>

{{ end -}}
{{ end }}
{{- end }}`;

/** Ollama hands system messages to the template as `.System`, joined by a blank line, and merges consecutive turns of one role (template/template.go collate). */
function collate(messages: readonly PromptMessage[]): { system: string; turns: PromptMessage[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const turns: PromptMessage[] = [];
  for (const m of messages) {
    const last = turns[turns.length - 1];
    if (last && last.role === m.role && m.role !== 'tool') turns[turns.length - 1] = { ...last, content: `${last.content}\n\n${m.content}` };
    else turns.push(m);
  }
  return { system: system.join('\n\n'), turns };
}

function lastIndexOfRole(turns: readonly PromptMessage[], role: string): number {
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i]?.role === role) return i;
  return -1;
}

const THINK_TAGS: TraceFormat = { openTag: '<think>', closeTag: '</think>', open: '<think>\n', close: '\n</think>\n\n' };

const QWEN3: ChatTemplate = {
  family: 'qwen3',
  source: QWEN3_SOURCE,
  stops: ['<|im_start|>', '<|im_end|>'],
  trace: THINK_TAGS,
  render(messages, think) {
    const { system, turns } = collate(messages);
    const lastUser = lastIndexOfRole(turns, 'user');
    let prompt = system !== '' ? `<|im_start|>system\n\n${system}<|im_end|>\n` : '';
    turns.forEach((m, i) => {
      const last = i === turns.length - 1;
      if (m.role === 'user') {
        const cue = think.isSet && i === lastUser ? (think.on ? ' /think' : ' /no_think') : '';
        prompt += `<|im_start|>user\n${m.content}${cue}<|im_end|>\n`;
      } else if (m.role === 'assistant') {
        const trace = think.isSet && m.thinking && (last || i > lastUser) ? `<think>${m.thinking}</think>\n` : '';
        prompt += `<|im_start|>assistant\n${trace}${m.content}${last ? '' : '<|im_end|>\n'}`;
      } else if (m.role === 'tool') {
        prompt += `<|im_start|>user\n<tool_response>\n${m.content}\n</tool_response><|im_end|>\n`;
      }
      if (last && m.role !== 'assistant') {
        prompt += `<|im_start|>assistant\n${think.isSet && !think.on ? '<think>\n\n</think>\n\n' : ''}`;
      }
    });
    return prompt;
  },
  parse(prompt) {
    // The think switch at the end of the last user turn is read by the model as a switch, not as text.
    return parseChatPrompt(prompt).map((m) => (m.role === 'user' ? { ...m, content: m.content.replace(/ \/(?:no_)?think$/, '') } : m));
  },
};

/**
 * DeepSeek-R1 (and its Qwen and Llama distills) as Ollama's library serves it: the deepseek-r1 template with
 * `$.IsThinkSet` (the one huggingface.js packages/ollama-utils chat-template-automap.ts records for
 * library/deepseek-r1:latest).
 */
const DEEPSEEK_R1_SOURCE = `{{- if .System }}{{ .System }}{{ end }}
{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1}}
{{- if eq .Role "user" }}<｜User｜>{{ .Content }}
{{- else if eq .Role "assistant" }}<｜Assistant｜>
  {{- if and $.IsThinkSet (and $last .Thinking) -}}
<think>
{{ .Thinking }}
</think>
{{- end }}{{ .Content }}{{- if not $last }}<｜end▁of▁sentence｜>{{- end }}
{{- end }}
{{- if and $last (ne .Role "assistant") }}<｜Assistant｜>
{{- if and $.IsThinkSet (not $.Think) -}}
<think>

</think>

{{ end }}
{{- end -}}
{{- end }}`;

const USER = '<｜User｜>';
const ASSISTANT = '<｜Assistant｜>';
const END_OF_SENTENCE = '<｜end▁of▁sentence｜>';

const DEEPSEEK_R1: ChatTemplate = {
  family: 'deepseek-r1',
  source: DEEPSEEK_R1_SOURCE,
  stops: ['<｜begin▁of▁sentence｜>', END_OF_SENTENCE, USER, ASSISTANT],
  trace: THINK_TAGS,
  render(messages, think) {
    const { system, turns } = collate(messages);
    let prompt = system;
    turns.forEach((m, i) => {
      const last = i === turns.length - 1;
      if (m.role === 'user') prompt += `${USER}${m.content}`;
      else if (m.role === 'assistant') {
        const trace = think.isSet && last && m.thinking ? `<think>\n${m.thinking}\n</think>` : '';
        prompt += `${ASSISTANT}${trace}${m.content}${last ? '' : END_OF_SENTENCE}`;
      }
      if (last && m.role !== 'assistant') prompt += `${ASSISTANT}${think.isSet && !think.on ? '<think>\n\n</think>\n\n' : ''}`;
    });
    return prompt;
  },
  parse(prompt) {
    const messages: PromptMessage[] = [];
    const marker = /<｜User｜>|<｜Assistant｜>/g;
    const first = prompt.search(marker);
    if (first < 0) return prompt === '' ? [] : [{ role: 'user', content: prompt }];
    if (first > 0) messages.push({ role: 'system', content: prompt.slice(0, first) });
    const parts = prompt.slice(first).split(/(<｜User｜>|<｜Assistant｜>)/).filter((p) => p !== '');
    for (let i = 0; i < parts.length; i += 2) {
      const role = parts[i] === USER ? 'user' : 'assistant';
      const content = (parts[i + 1] ?? '').split(END_OF_SENTENCE)[0] ?? '';
      messages.push({ role, content });
    }
    // An empty assistant turn at the end is the generation prompt, not a prefill.
    const last = messages[messages.length - 1];
    if (last && last.role === 'assistant' && last.content === '' && prompt.endsWith(ASSISTANT)) messages.pop();
    return messages;
  },
};

/**
 * Magistral as Ollama's library serves it (ollama.com/library/magistral:latest, template blob 35f7a1efc383):
 * Mistral's instruct format (`[SYSTEM_PROMPT]…[/SYSTEM_PROMPT]`, `[INST]…[/INST]`, `</s>` after earlier turns)
 * with the trace as `<think>\n…\n</think>\n` in the last assistant turn, and the no-think prefill
 * `<think>\n</think>\n` after the last message when thinking is set off. Ollama infers `<think>`/`</think>`
 * from it (thinking/template.go InferTags). The tool parts are left out: the stand-in serves no tools.
 */
const MAGISTRAL_SOURCE = `{{- range $i, $_ := .Messages }}
{{- $last := eq (len (slice $.Messages $i)) 1}}
{{- if eq .Role "system" }}[SYSTEM_PROMPT]{{ .Content }}[/SYSTEM_PROMPT]
{{- else if eq .Role "user" }}[INST]{{ .Content }}[/INST]
{{- else if eq .Role "assistant" }}
{{- if and $.IsThinkSet (and $last .Thinking) -}}
<think>
{{ .Thinking }}
</think>
{{ end }}
{{- if .Content }}{{ .Content }}
{{- end }}
{{- if not (eq (len (slice $.Messages $i)) 1) }}</s>
{{- end }}
{{- end }}
{{- if and $last (ne .Role "assistant") }}{{ if and $.IsThinkSet (not $.Think) -}}<think>
</think>
{{ end }}
{{- end }}
{{- end }}`;

const MAGISTRAL: ChatTemplate = {
  family: 'magistral',
  source: MAGISTRAL_SOURCE,
  stops: ['[INST]', '</s>'],
  trace: { openTag: '<think>', closeTag: '</think>', open: '<think>\n', close: '\n</think>\n' },
  render(messages, think) {
    let prompt = '';
    messages.forEach((m, i) => {
      const last = i === messages.length - 1;
      if (m.role === 'system') prompt += `[SYSTEM_PROMPT]${m.content}[/SYSTEM_PROMPT]`;
      else if (m.role === 'user') prompt += `[INST]${m.content}[/INST]`;
      else if (m.role === 'assistant') {
        const trace = think.isSet && last && m.thinking ? `<think>\n${m.thinking}\n</think>\n` : '';
        prompt += `${trace}${m.content}${last ? '' : '</s>'}`;
      }
      if (last && m.role !== 'assistant' && think.isSet && !think.on) prompt += '<think>\n</think>\n';
    });
    return prompt;
  },
  parse(prompt) {
    const messages: PromptMessage[] = [];
    const token = /\[SYSTEM_PROMPT\]([\s\S]*?)\[\/SYSTEM_PROMPT\]|\[INST\]([\s\S]*?)\[\/INST\]/g;
    let at = 0;
    const assistant = (text: string): void => {
      const content = text.split('</s>')[0] ?? '';
      if (content !== '' || text.includes('</s>')) messages.push({ role: 'assistant', content });
    };
    for (let match = token.exec(prompt); match; match = token.exec(prompt)) {
      assistant(prompt.slice(at, match.index));
      if (match[1] !== undefined) messages.push({ role: 'system', content: match[1] });
      else messages.push({ role: 'user', content: match[2] ?? '' });
      at = match.index + match[0].length;
    }
    assistant(prompt.slice(at));
    if (messages.length === 0 && prompt !== '') messages.push({ role: 'user', content: prompt });
    return messages;
  },
};

const TEMPLATES: Record<TemplateFamily, ChatTemplate> = { chatml: CHATML, qwen3: QWEN3, 'deepseek-r1': DEEPSEEK_R1, magistral: MAGISTRAL };

export function chatTemplate(family: TemplateFamily | undefined): ChatTemplate {
  return TEMPLATES[family ?? 'chatml'];
}

/** The thinking part of an assistant turn written in a raw prompt. */
export interface AssistantTurn {
  /** Text before the trace (a prefill the client put first). */
  readonly before: string;
  /** The trace, when the turn has one; `closed` says whether its closing tag is there. */
  readonly trace?: { readonly text: string; readonly closed: boolean };
  /** Text after the closed trace: the answer so far. */
  readonly after: string;
}

/**
 * Reads a trace out of an assistant turn. Like Ollama's thinking parser, whitespace right after either tag
 * is not part of what follows (thinking/parser.go, v0.33.0-rc2).
 */
export function readAssistantTurn(content: string, format: TraceFormat): AssistantTurn {
  const open = content.indexOf(format.openTag);
  if (open < 0) return { before: content, after: '' };
  const before = content.slice(0, open);
  const rest = content.slice(open + format.openTag.length).replace(/^\s+/u, '');
  const close = rest.indexOf(format.closeTag);
  if (close < 0) return { before, trace: { text: rest, closed: false }, after: '' };
  return { before, trace: { text: rest.slice(0, close), closed: true }, after: rest.slice(close + format.closeTag.length).replace(/^\s+/u, '') };
}

/**
 * `$.IsThinkSet` and `$.Think` for a request: a thinking model's think defaults to true, so it is always set
 * for one (server/routes.go ChatHandler and GenerateHandler, v0.33.0-rc2); servers before 0.9.0 know neither.
 */
export function thinkVars(ctx: StandinContext, model: ModelEntry, requested: ThinkValue | undefined, on: boolean): ThinkVars {
  if (!ctx.features.think) return { isSet: false, on: false };
  return { isSet: requested !== undefined || model.capabilities.includes('thinking'), on };
}
