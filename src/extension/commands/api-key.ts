// "Ponder: Set API Key…": the key of the OpenAI-compatible server (vLLM --api-key, a hosted endpoint) goes
// to VS Code's SecretStorage (the OS keychain), never to settings; an empty entry removes it. The running
// server gets it at once, in memory only.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { API_KEY_SECRET } from '../ctx';

/** Resolves true when a key was saved or removed, false when the box was dismissed. */
export async function setApiKey(ctx: Ctx): Promise<boolean> {
  const entered = await vscode.window.showInputBox({
    title: 'Ponder: API key of the OpenAI-compatible server',
    prompt: 'Kept in VS Code\'s secret storage, sent only in the Authorization header. Leave empty to remove the key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (entered === undefined) return false;
  const key = entered.trim();
  if (key === '') await ctx.extension.secrets.delete(API_KEY_SECRET);
  else await ctx.extension.secrets.store(API_KEY_SECRET, key);
  await ctx.sendApiKey();
  void vscode.window.showInformationMessage(key === '' ? 'Ponder: API key removed.' : 'Ponder: API key saved in secret storage.');
  return true;
}
