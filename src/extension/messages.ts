// What Ponder's notifications say, as pure functions (no vscode), so their wording is unit-tested: one
// clear sentence each, no Markdown (a notification shows backticks as they are), short button labels.
import type { SolveResultParams } from '../protocol/lsp';
import { latexToText } from '../shared/latex-text';
import { formatPercent } from '../shared/percent';

/** Button labels stay short: VS Code cuts a notification's buttons at about twenty characters. */
export const BUTTONS = {
  retry: 'Retry',
  demo: 'Try Demo',
  getOllama: 'Get Ollama',
  chooseModel: 'Choose Model',
  showLog: 'Show Log',
  setContext: 'Set Context Length',
  setApiKey: 'Set API Key…',
  openSettings: 'Open Settings',
} as const;

/**
 * The first thing a person without Ollama reads: one sentence, no Markdown (a notification shows backticks
 * as they are), the machine named when it is not this computer. The server's longer explanation is logged.
 */
export function notAnsweringMessage(host: string, machine: string | undefined): string {
  return `Ponder: Ollama is not answering at ${host}${machine !== undefined ? ` on ${machine}` : ''}; start it, or try the demo model.`;
}

/**
 * The OpenAI-compatible server (vLLM, llama.cpp's server, LM Studio) is not answering: the same one sentence,
 * with what to start and which setting holds its address; Ollama and its demo model are beside the point.
 */
export function openaiNotAnsweringMessage(host: string): string {
  return `Ponder: the OpenAI-compatible server is not answering at ${host}; start it (vllm serve, llama-server), or check ponder.openaiBaseUrl.`;
}

/** The server wants an API key and refused the request (HTTP 401/403): no key set, or not the one it expects. */
export function authFailedMessage(host: string | undefined): string {
  return `Ponder: the server${host !== undefined ? ` at ${host}` : ''} refused the request: it needs the API key it was started with (vLLM --api-key).`;
}

/**
 * The outcome in one sentence; a demo run says so, and says why it found nothing when it cannot read the
 * problem. A notification is plain text: the answer's LaTeX is shown as readable Unicode (`\frac{38}{7}` → 38/7).
 * The figure is the answer's share of the verifier-weighted vote, and says so: four agreeing samples are
 * "100% of the vote", not "100% confident" (adaptive mode's stopping rule may say 0.976).
 */
export function outcomeMessage(result: SolveResultParams, cost: string): string {
  const demo = result.model?.simulated === true;
  if (result.answer === null && demo && result.beyondDemo === true) {
    return 'Ponder: no answer, because the demo model solves arithmetic only. Start Ollama for a real model.';
  }
  const by = demo ? ' by the demo model' : '';
  return result.answer === null
    ? `Ponder: no answer was reached${by} (${cost}, ${result.stopReason}).`
    : `Ponder: ${latexToText(result.answer)} — ${formatPercent(result.confidence)} of the vote${by} (${cost}).`;
}

