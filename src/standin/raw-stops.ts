// Stop strings as Ollama applies them to a thinking model: on everything the model writes, its trace
// included, before the thinking is split out. The Go runner looks for them in the pending pieces of raw
// output (runner/ollamarunner/runner.go `common.FindStop(sequence, seq.stop)`, v0.13.0) and server/routes.go
// parses thinking from what comes back; from 0.30 llama-server gets them as the completion's `stop`
// (llm/llama_server.go `Stop: req.Options.Stop`, v0.33.0-rc2) and matches them on the generated text. So a
// "\n\n" ends a trace at its first blank line, or at the blank line after the closing tag, before the answer.
import { firstStop } from '../engine/model/stop-strings';
import type { SimResponse, SimToken } from '../engine/model/sim/types';

/**
 * `response` cut at the first stop string in its raw text: the trace's tokens, then `close` (what the
 * model writes to close its trace, e.g. "\n</think>\n\n"), then the answer's. The stop string is not kept;
 * a stop inside the closing sequence keeps the whole trace and no answer.
 */
export function stopOnRawText(response: SimResponse, stops: readonly string[], close: string): SimResponse {
  const wanted = stops.filter((s) => s.length > 0);
  if (wanted.length === 0) return response;
  // Each token's span in the raw text; the closing sequence sits before the first answer token after a trace.
  let raw = '';
  const spans: { token: SimToken; start: number }[] = [];
  let inTrace = false;
  let closeAt = -1;
  for (const token of response.tokens) {
    if (token.thinking) inTrace = true;
    else if (inTrace) {
      closeAt = raw.length;
      raw += close;
      inTrace = false;
    }
    spans.push({ token, start: raw.length });
    raw += token.text;
  }
  const cut = firstStop(raw, wanted);
  if (cut === undefined) return response;
  const kept: SimToken[] = [];
  for (const { token, start } of spans) {
    if (start >= cut) break;
    // A stop in the closing sequence ends the output there: the trace is whole, no answer follows.
    if (closeAt >= 0 && start > closeAt && cut < closeAt + close.length) break;
    const end = start + token.text.length;
    kept.push(end <= cut ? token : { ...token, text: token.text.slice(0, cut - start) });
  }
  const { thinkingOutcome: _dropped, ...rest } = response;
  return { ...rest, tokens: kept.filter((t) => t.text.length > 0), doneReason: 'stop' };
}
