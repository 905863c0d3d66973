// "Select Model…" (from the server's list, with sizes and capabilities, then the verifier model) and
// "Pull Model…" (notification progress, cancellable).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress } from 'vscode-languageclient/node';
import type { ModelInfo, ModelsResult } from '../../protocol/lsp';
import { updateSetting } from '../config';
import { completedBytes, formatBytes } from '../format';
import type { Ctx } from '../ctx';
import { showPonderError, showUnexpectedError } from '../errors';
import { modelsRequest, pullRequest } from '../lsp-ext';

const MODEL_NAME = /^[\w.\-/:]+$/;

interface ModelItem extends vscode.QuickPickItem {
  model?: string;
}

function modelItem(model: ModelInfo, current: string): ModelItem {
  const capabilities = [model.thinking ? 'thinking' : undefined].filter((c) => c !== undefined);
  return {
    label: model.name,
    model: model.name,
    // OpenAI-compatible servers list names only (size 0).
    description: [model.sizeBytes > 0 ? formatBytes(model.sizeBytes) : '', model.parameterSize, model.quantization].filter((p) => p !== '').join(' · '),
    detail: [model.family, ...capabilities].filter((p) => p !== '').join(' · ') + (model.name === current ? ' — current' : ''),
  };
}

async function fetchModels(ctx: Ctx): Promise<ModelsResult | undefined> {
  try {
    const client = await ctx.client();
    return await ctx.log.timed('ponder/models', () => client.sendRequest(modelsRequest, {}));
  } catch (error) {
    await showUnexpectedError(ctx, 'could not list the models', error);
    return undefined;
  }
}

/** Picks the generator model, then the verifier model. Resolves true when a setting changed. */
export async function selectModel(ctx: Ctx): Promise<boolean> {
  const listed = await fetchModels(ctx);
  if (!listed) return false;
  if (listed.error) {
    await showPonderError(ctx, listed.error, async () => {
      await selectModel(ctx);
    });
    return false;
  }
  const openai = ctx.settings.backend === 'openai';
  const serverName = openai ? (listed.version ?? 'OpenAI-compatible server') : `Ollama ${listed.version ?? '(version unknown)'}`;
  const server = `${serverName} at ${listed.host}; log-probabilities ${listed.logprobs ? 'supported' : 'not supported (the verifier uses the sampled fallback)'}`;
  const pullItem: ModelItem = { label: '$(cloud-download) Pull a model…', alwaysShow: true };
  // An OpenAI-compatible server serves the models it was started with: there is nothing to pull.
  const items: ModelItem[] = [
    ...listed.models.map((m) => modelItem(m, ctx.settings.model)),
    ...(openai ? [] : [{ label: '', kind: vscode.QuickPickItemKind.Separator }, pullItem]),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Ponder: model that solves', placeHolder: server, matchOnDescription: true });
  if (!picked) return false;
  if (picked === pullItem) return pullModel(ctx, undefined);
  if (picked.model === undefined) return false;
  await updateSetting('model', picked.model);

  const same: ModelItem = { label: 'Same as the solving model', model: '', description: picked.model };
  const verifier = await vscode.window.showQuickPick([same, ...listed.models.map((m) => modelItem(m, ctx.settings.verifierModel))], {
    title: 'Ponder: model that verifies the steps',
    placeHolder: 'A separate verifier model (Escape keeps the current one)',
  });
  if (verifier?.model !== undefined) await updateSetting('verifierModel', verifier.model);
  ctx.reloadSettings();
  return true;
}

/** Pulls `model` (asking for a name if none). Resolves true when the model is installed. */
export async function pullModel(ctx: Ctx, model: string | undefined): Promise<boolean> {
  const name =
    model ??
    (await vscode.window.showInputBox({
      title: 'Ponder: Pull Model',
      prompt: 'Name of the Ollama model to download',
      value: ctx.settings.model,
      validateInput: (value) => (MODEL_NAME.test(value.trim()) ? undefined : 'A model name such as qwen2.5:1.5b'),
    }));
  if (name === undefined || !MODEL_NAME.test(name.trim())) return false;
  const target = name.trim();
  let client;
  try {
    client = await ctx.client();
  } catch (error) {
    await showUnexpectedError(ctx, 'the Ponder server could not start', error);
    return false;
  }
  const workDoneToken = `ponder-pull-${randomUUID()}`;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Ponder: pulling ${target}`, cancellable: true },
      (progress, token) =>
        ctx.operations.run('pull', `pull ${target}`, token, async (op) => {
          let reported = 0;
          const started = Date.now();
          let firstBytes: { bytes: number; seconds: number } | undefined;
          const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind === 'end') return;
            const percentage = value.percentage;
            const increment = percentage !== undefined ? Math.max(0, percentage - reported) : 0;
            if (percentage !== undefined) reported = Math.max(reported, percentage);
            const seconds = (Date.now() - started) / 1000;
            const bytes = completedBytes(value.message);
            if (bytes !== undefined) firstBytes ??= { bytes, seconds };
            const rate = bytes !== undefined && firstBytes && seconds - firstBytes.seconds >= 1 ? (bytes - firstBytes.bytes) / (seconds - firstBytes.seconds) : undefined;
            const message = [value.message, percentage !== undefined ? `${percentage}%` : undefined, rate !== undefined ? `${formatBytes(rate)}/s` : undefined]
              .filter((p) => p !== undefined)
              .join(' · ');
            progress.report({ message, ...(increment > 0 ? { increment } : {}) });
          });
          try {
            return await ctx.log.timed(`ponder/pull ${target}`, () => client.sendRequest(pullRequest, { model: target, workDoneToken }, op.source.token));
          } finally {
            listener.dispose();
          }
        }),
    );
    if (result.error) {
      await showPonderError(ctx, result.error);
      return false;
    }
    if (!result.ok) return false;
    if (target !== ctx.settings.model) {
      const use = `Use ${target}`;
      void vscode.window.showInformationMessage(`Ponder: ${target} is installed.`, use).then(async (choice) => {
        if (choice === use) {
          await updateSetting('model', target);
          ctx.reloadSettings();
        }
      });
    } else {
      void vscode.window.showInformationMessage(`Ponder: ${target} is installed.`);
    }
    return true;
  } catch (error) {
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) {
      ctx.log.info(`pull of ${target} cancelled`);
      return false;
    }
    await showUnexpectedError(ctx, `pulling ${target} failed`, error);
    return false;
  }
}
