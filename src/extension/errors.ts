// Failures a person can act on: each PonderError kind gets a sentence and the buttons that fix it.
import * as vscode from 'vscode';
import type { PonderError } from '../protocol/lsp';
import { updateSetting } from './config';
import type { Ctx } from './ctx';
import { inertNotificationText } from './format';
import { describeOllamaHost } from './loopback';
import { authFailedMessage, BUTTONS, notAnsweringMessage, openaiNotAnsweringMessage } from './messages';
import { ponderPlace } from './place';

export const OLLAMA_DOWNLOAD_URL = 'https://ollama.com/download';
/** Shows `error`; `retry` runs the failed action again (after a fix such as switching to the demo model). */
export async function showPonderError(ctx: Ctx, reported: PonderError, retry?: () => Promise<void>): Promise<void> {
  // The message may quote a server's or model's text: shown as text, never as links.
  const error: PonderError = { ...reported, message: inertNotificationText(reported.message) };
  ctx.log.error(`${error.kind}: ${error.message}`);
  const again = async (): Promise<void> => {
    if (retry) await retry();
  };
  // An OpenAI-compatible server (vLLM, llama.cpp, LM Studio) is not Ollama: nothing to pull or download,
  // and the demo model stands in for Ollama only.
  if (ctx.settings.backend === 'openai' && (await showOpenAIError(error, again))) return;
  switch (error.kind) {
    case 'server-not-running': {
      const host = error.host ?? ctx.settings.ollamaHost;
      const described = describeOllamaHost(host, ponderPlace(ctx.extension));
      const choice = await vscode.window.showErrorMessage(
        notAnsweringMessage(host, described.machine),
        BUTTONS.demo,
        ...(retry ? [BUTTONS.retry] : []),
        BUTTONS.getOllama,
      );
      if (choice === BUTTONS.retry) await again();
      if (choice === BUTTONS.getOllama) await vscode.env.openExternal(vscode.Uri.parse(OLLAMA_DOWNLOAD_URL));
      if (choice === BUTTONS.demo) {
        // For this session only, and only until Ollama answers: the user's settings still name the real model.
        ctx.useDemoUntilOllamaAnswers();
        await again();
      }
      return;
    }
    case 'model-not-found': {
      const model = error.model ?? ctx.settings.model;
      const pull = `Pull ${model}`;
      const choice = await vscode.window.showErrorMessage(`Ponder: ${model} is not installed in Ollama${error.host !== undefined ? ` at ${error.host}` : ''}.`, pull, BUTTONS.chooseModel);
      if (choice === pull) {
        const pulled = await vscode.commands.executeCommand<boolean>('ponder.pullModel', model);
        if (pulled) await again();
      }
      if (choice === BUTTONS.chooseModel) await vscode.commands.executeCommand('ponder.selectModel');
      return;
    }
    case 'context-too-small': {
      const suggested = error.suggestedContextLength;
      const set = suggested !== undefined ? BUTTONS.setContext : undefined;
      const choice = await vscode.window.showErrorMessage(
        `Ponder: the problem does not fit the model's context (ponder.contextLength = ${ctx.settings.contextLength}). ${error.message}` +
          (suggested !== undefined ? ` A context length of ${suggested} would fit.` : ''),
        ...(set ? [set] : []),
        BUTTONS.openSettings,
      );
      if (set && choice === set && suggested !== undefined) {
        await updateSetting('contextLength', suggested);
        ctx.reloadSettings();
        await again();
      }
      if (choice === BUTTONS.openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'ponder.contextLength');
      return;
    }
    case 'server-busy': {
      const choice = await vscode.window.showWarningMessage(`Ponder: Ollama is busy. ${error.message}`, ...(retry ? ['Retry'] : []));
      if (choice === 'Retry') await again();
      return;
    }
    default: {
      const choice = await vscode.window.showErrorMessage(`Ponder: ${error.message}`, BUTTONS.showLog);
      if (choice === BUTTONS.showLog) ctx.log.channel.show();
    }
  }
}

/** The kinds whose fix differs for an OpenAI-compatible server; false for the others (shown as for Ollama). */
async function showOpenAIError(error: PonderError, again: () => Promise<void>): Promise<boolean> {
  const host = error.host ?? 'the server';
  switch (error.kind) {
    case 'server-not-running': {
      const choice = await vscode.window.showErrorMessage(openaiNotAnsweringMessage(host), BUTTONS.retry, BUTTONS.openSettings);
      if (choice === BUTTONS.retry) await again();
      if (choice === BUTTONS.openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'ponder.openaiBaseUrl');
      return true;
    }
    case 'model-not-found': {
      const choice = await vscode.window.showErrorMessage(`Ponder: ${error.model ?? 'the model'} is not served at ${host}; choose one the server lists.`, BUTTONS.chooseModel);
      if (choice === BUTTONS.chooseModel) await vscode.commands.executeCommand('ponder.selectModel');
      return true;
    }
    case 'auth-failed': {
      const choice = await vscode.window.showErrorMessage(authFailedMessage(error.host), BUTTONS.setApiKey);
      // Solved again only once a key was saved (Escape in the key box leaves things as they were).
      if (choice === BUTTONS.setApiKey && (await vscode.commands.executeCommand<boolean>('ponder.setApiKey'))) await again();
      return true;
    }
    default:
      return false;
  }
}

/** For errors that are not PonderErrors (the server did not start, a request failed). */
export async function showUnexpectedError(ctx: Ctx, what: string, error: unknown): Promise<void> {
  ctx.log.error(what, error);
  const message = inertNotificationText(error instanceof Error ? error.message : String(error));
  const choice = await vscode.window.showErrorMessage(`Ponder: ${what}: ${message}`, 'Show Log');
  if (choice === 'Show Log') ctx.log.channel.show();
}
