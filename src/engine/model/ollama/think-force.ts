// Budget forcing (s1: Muennighoff et al. 2025, "Simple test-time scaling") over Ollama. One generation with
// a thinking budget may take several requests, streamed to the caller as one generation:
//  1. the ordinary chat request, thinking on, with `num_predict` = the thinking budget, so the server itself
//     stops a trace that runs to the budget (exact, and its usage is reported);
//  2. if the trace was still open: a `raw: true` /api/generate request whose prompt is the conversation in
//     the model's own template (think-templates.ts) + the trace so far + the closing tag: the model answers
//     from its trace (the forced close);
//  3. if the trace closed before `minTokens`: the close is dropped and "Wait" appended, and the trace goes
//     on in a raw request (s1's extension), within what is left of the budget;
//  4. if the answer was cut by a limit set for the thinking: a raw request continues it.
// Models Ponder cannot render (unknown template) and models that take only levels (gpt-oss) are not forced:
// their thinking is counted as it streams and the request is closed at the budget (`stopped`).
// The budget may be the generation's trace allowance rather than one asked for (`allowance`, model/thinking.ts):
// it is forced the same way, and the outcome says which it was.
import { firstStop } from '../stop-strings';
import { abortErrorFrom } from '../errors';
import type { GenerationEvent, GenerationRequest, GenerationUsage, ThinkingEnding, ThinkingOutcome, TokenLogprob } from '../types';
import type { ThinkTemplate } from './think-templates';
import { TraceSplitter } from './trace-splitter';

/** The requests one forced generation is made of; each yields chunks and ends with `done` (or is closed early). */
export interface ForcingCalls {
  /** The request's own chat call, with at most `numPredict` tokens generated. */
  chat(numPredict: number): AsyncIterable<GenerationEvent>;
  /** A raw /api/generate call of `prompt` (no template applied), at most `numPredict` tokens. */
  raw(prompt: string, numPredict: number, stop: readonly string[] | undefined): AsyncIterable<GenerationEvent>;
}

/** Appended to a trace that closed too early (s1 appends "Wait" where the end-of-thinking delimiter was). */
export const WAIT = 'Wait';
/** Extensions per generation at most, so a model that keeps closing early still answers. */
export const MAX_EXTENSIONS = 4;

interface CallResult {
  /** The call's own usage record; undefined when it was closed early. */
  readonly usage: GenerationUsage | undefined;
  /** Tokens it generated: its eval_count, or the chunks received when it was closed early. */
  readonly generated: number;
}

/** The running state of one forced generation. */
class ForcingState {
  trace = '';
  /** The trace is open (the model is thinking). */
  open = true;
  answer = '';
  thinkingTokens = 0;
  generated = 0;
  extensions = 0;
  forcedClose = false;
  /** maxTokens ran out while the trace was still open: there is no answer. */
  capped = false;
  readonly usage = { promptTokens: 0, generatedTokens: 0, totalDurationMs: 0, loadDurationMs: 0, promptEvalDurationMs: 0, evalDurationMs: 0 };
  doneReason = 'stop';

  add(result: CallResult): void {
    this.generated += result.generated;
    this.usage.generatedTokens += result.generated;
    if (!result.usage) return;
    this.usage.promptTokens += result.usage.promptTokens;
    this.usage.totalDurationMs += result.usage.totalDurationMs;
    this.usage.loadDurationMs += result.usage.loadDurationMs;
    this.usage.promptEvalDurationMs += result.usage.promptEvalDurationMs;
    this.usage.evalDurationMs += result.usage.evalDurationMs;
    this.doneReason = result.usage.doneReason;
  }

  done(budget: number, ending: ThinkingEnding, method: string, allowance: boolean): GenerationEvent {
    const thinkingOutcome: ThinkingOutcome = {
      tokens: this.thinkingTokens,
      budget,
      ending,
      extensions: this.extensions,
      method,
      ...(allowance ? { allowance: true } : {}),
    };
    return { type: 'done', usage: { ...this.usage, doneReason: this.doneReason }, thinkingOutcome };
  }
}

function chunk(text: string, thinking: string, logprobs: readonly TokenLogprob[]): GenerationEvent {
  return { type: 'chunk', text, thinking, logprobs };
}

/**
 * Forces `request.thinkingBudget` on a model rendered by `template`. `request.maxTokens` caps every token
 * generated over all the requests, thinking included.
 */
export async function* forceWithTemplate(
  request: GenerationRequest,
  template: ThinkTemplate,
  calls: ForcingCalls,
  signal: AbortSignal,
): AsyncGenerator<GenerationEvent> {
  const budget = Math.max(0, Math.floor(request.thinkingBudget?.maxTokens ?? 0));
  const minimum = Math.min(budget, Math.max(0, Math.floor(request.thinkingBudget?.minTokens ?? 0)));
  const cap = request.maxTokens;
  const state = new ForcingState();
  const method = `raw prompt (${template.name} template)`;
  const prefix = template.render(request.messages);
  const prompt = (): string => prefix + template.open + state.trace + (state.open ? '' : template.close + state.answer);

  // 1. The chat call: the server splits thinking from text with the model's own parser.
  let limit = Math.min(budget, cap);
  let next: AsyncIterable<GenerationEvent> = calls.chat(limit);
  let splitter: TraceSplitter | undefined;
  // The chat call and a raw call that continues a trace are sent without the stop strings: the server
  // matches them on everything the model writes, its trace included (see model.ts), so a "\n\n" would end
  // the trace at its first blank line. Their answers are held to the stop strings here instead.
  let heldHere = true;
  for (;;) {
    let extend = false;
    /** A stop string in the answer of a raw call sent without them (see below). */
    let stoppedAt = false;
    let answered = '';
    let generated = 0;
    let thinkingChunks = 0;
    let usage: GenerationUsage | undefined;
    const splitting = splitter;
    for await (const event of next) {
      if (event.type === 'done') {
        usage = event.usage;
        continue;
      }
      generated += 1;
      let { text, thinking } = event;
      if (splitting) {
        const split = splitting.add(event.text);
        thinking += split.thinking;
        text = split.text;
      }
      if (thinking) {
        thinkingChunks += 1;
        state.trace += thinking;
      }
      if (text && state.open) {
        state.open = false;
        // s1: a trace that ends before its minimum is not allowed to end.
        if (state.thinkingTokens + thinkingChunks < minimum && state.extensions < MAX_EXTENSIONS) {
          if (thinking) yield chunk('', thinking, event.logprobs);
          extend = true;
          break; // closes this request: its answer is not wanted
        }
      }
      if (heldHere && text && request.stop) {
        const cut = firstStop(answered + text, request.stop);
        if (cut !== undefined) {
          text = text.slice(0, Math.max(0, cut - answered.length));
          stoppedAt = true;
        }
        answered += text;
      }
      if (!state.open && text) state.answer += text;
      if (text || thinking) yield chunk(state.open ? '' : text, thinking, event.logprobs);
      if (stoppedAt) break; // closes this request: the answer has ended
      else if (event.logprobs.length > 0) yield chunk('', '', event.logprobs);
    }
    if (signal.aborted) throw abortErrorFrom(signal);
    if (splitting && !extend) {
      const rest = splitting.flush();
      if (rest) {
        state.trace += rest;
        yield chunk('', rest, []);
      }
    }
    const callGenerated = usage?.generatedTokens ?? generated;
    /** What the generation's cap left for this call when it was sent. */
    const roomBefore = cap - state.generated;
    // A call that ended with the trace open thought every token it generated (exact); otherwise its
    // thinking is counted in chunks, about one token each.
    const callThinking = state.open && usage ? callGenerated : thinkingChunks;
    state.thinkingTokens += callThinking;
    state.add({ usage, generated: callGenerated });
    const room = cap - state.generated;

    if (extend) {
      state.extensions += 1;
      state.open = true;
      state.answer = '';
      const wait = `${state.trace.endsWith('\n') ? '\n' : '\n\n'}${WAIT}`;
      state.trace += wait;
      yield chunk('', wait, []);
      limit = Math.min(budget - state.thinkingTokens, room);
      if (limit <= 0) {
        state.capped = true;
        break;
      }
      next = calls.raw(prompt(), limit, undefined);
      splitter = new TraceSplitter(template.closeTag);
      heldHere = true;
      continue;
    }
    if (stoppedAt) {
      state.doneReason = 'stop';
      break;
    }
    if (!usage) return; // the stream ended without its usage record: the caller reports that
    if (usage.doneReason !== 'length') break; // finished: the model ended its answer
    if (room <= 0 || (state.open && state.thinkingTokens < budget && limit >= roomBefore)) {
      // The generation's own cap, not the budget, stopped it: it ends as any capped generation does.
      state.capped = state.open;
      break;
    }
    if (state.open) {
      // 2. The budget is spent: close the trace and have the model answer from it.
      state.open = false;
      state.forcedClose = true;
    } else if (limit >= roomBefore) {
      break; // the answer was cut by maxTokens itself
    }
    // Otherwise the call's limit was the budget's, smaller than the room: the answer goes on.
    // 2 or 4: answer (or go on answering) after the closed trace.
    limit = room;
    // The trace is closed in this prompt, so what the model writes is answer only: the server may hold it to the stops.
    next = calls.raw(prompt(), limit, request.stop);
    splitter = undefined;
    heldHere = false;
  }
  const ending: ThinkingEnding = state.capped ? 'stopped' : state.forcedClose ? 'cut' : state.extensions > 0 ? 'extended' : 'natural';
  yield state.done(budget, ending, method, request.thinkingBudget?.allowance === true);
}
