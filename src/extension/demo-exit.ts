// Leaving the demo model by itself: while it stands in for an Ollama that could not be reached, every solve
// first asks the server whether Ollama answers now. If it does, the settings' model solves, and the user is
// told once. A short probe: an unreachable host must not delay the demo's answer.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Ctx } from './ctx';
import { modelsRequest } from './lsp-ext';

/** How long the probe may take before the demo model answers this solve. */
const PROBE_TIMEOUT_MS = 2000;

/** Resolves true when the demo model was left because Ollama answered. */
export async function leaveDemoIfOllamaAnswers(ctx: Ctx, client: LanguageClient): Promise<boolean> {
  if (!ctx.demoStandingIn) return false;
  const source = new vscode.CancellationTokenSource();
  const timer = setTimeout(() => source.cancel(), PROBE_TIMEOUT_MS);
  try {
    const listed = await client.sendRequest(modelsRequest, {}, source.token);
    if (listed.error || !ctx.demoStandingIn) return false;
    ctx.leaveDemo();
    ctx.log.info(`Ollama answers at ${listed.host}: ${ctx.settings.model} solves instead of the demo model`);
    void vscode.window.showInformationMessage(`Ponder: Ollama answers at ${listed.host}, so ${ctx.settings.model} solves from now on.`);
    return true;
  } catch {
    return false; // cancelled by the time limit, or the server could not be asked: the demo answers
  } finally {
    clearTimeout(timer);
    source.dispose();
  }
}
