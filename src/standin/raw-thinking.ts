// A raw /api/generate prompt to a thinking model, as the model and Ollama treat it. The model reads the
// prompt as written in its template: a turn that ends inside an open trace goes on thinking, then closes it
// and answers; a turn whose trace is closed is answered from that trace; a fresh turn is thought about
// first. Ollama applies no template and no built-in parser to a raw prompt; only the generic thinking parser
// splits the output, when think is on and the template has tags, starting inside the trace only if the
// prompt ends with the opening tag (server/routes.go GenerateHandler, v0.33.0-rc2; thinking-parser.ts).
import type { ChatTemplate } from './chat-templates';
import { readAssistantTurn } from './chat-templates';
import type { RawOutput } from './generation';
import type { ModelEntry } from './models';
import type { PromptMessage } from './template';
import { ThinkingParser } from './thinking-parser';

export interface RawThinking {
  /** The conversation the backend answers: the prompt's messages with the trace taken out of the last turn. */
  readonly messages: PromptMessage[];
  /** The backend thinks (a fresh turn, or an open trace that goes on). */
  readonly think: boolean;
  readonly priorThinking?: string;
  readonly output: RawOutput;
}

/** Undefined for a model without a thinking template: its raw prompts are served as before. */
export function rawThinking(
  template: ChatTemplate,
  model: ModelEntry,
  messages: readonly PromptMessage[],
  prompt: string,
  thinkOn: boolean,
): RawThinking | undefined {
  const format = template.trace;
  if (!format || !model.capabilities.includes('thinking')) return undefined;
  const parser = thinkOn ? new ThinkingParser(format.openTag, format.closeTag) : undefined;
  // server/routes.go: `if strings.HasSuffix(strings.TrimSpace(prompt), openingTag) { thinkingState.AddContent(openingTag) }`
  if (parser && prompt.trimEnd().endsWith(format.openTag)) parser.addContent(format.openTag);
  const last = messages[messages.length - 1];
  const earlier = messages.slice(0, -1);
  const withParser = (inTrace: boolean): RawOutput => ({ open: format.open, close: format.close, inTrace, ...(parser ? { parser } : {}) });
  if (!last || last.role !== 'assistant') return { messages: [...messages], think: true, output: withParser(false) };
  const turn = readAssistantTurn(last.content, format);
  if (!turn.trace) {
    // A prefill without a trace: the model goes on writing it.
    return { messages: [...messages], think: false, output: withParser(false) };
  }
  const prefill = (text: string): PromptMessage[] => (text === '' ? [] : [{ role: 'assistant', content: text }]);
  if (!turn.trace.closed) {
    return { messages: [...earlier, ...prefill(turn.before)], think: true, priorThinking: turn.trace.text, output: withParser(true) };
  }
  return { messages: [...earlier, ...prefill(turn.before + turn.after)], think: false, priorThinking: turn.trace.text, output: withParser(false) };
}
