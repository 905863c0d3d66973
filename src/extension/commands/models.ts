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

/** Small models worth pulling first (the walkthrough's table), offered when none of them is installed. */
export const SUGGESTED_MODELS: readonly { name: string; note: string }[] = [
  { name: 'qwen2.5:1.5b', note: 'about 1 GB · fast on a laptop CPU' },
  { name: 'qwen2.5:0.5b', note: 'about 400 MB · fastest; needs more samples' },
  { name: 'qwen3:1.7b', note: 'about 1.4 GB · can think before answering' },
  { name: 'llama3.2:3b', note: 'about 2 GB · stronger, slower' },
];

interface ModelItem extends vscode.QuickPickItem {
  model?: string;
  demo?: boolean;
}

/** The mark of the model that answers now: at most one item in a picker carries it. */
const CURRENT = '$(check) current';

function modelItem(model: ModelInfo, current: string | undefined): ModelItem {
  const capabilities = [model.thinking ? 'thinking' : undefined].filter((c) => c !== undefined);
  return {
    label: model.name,
    model: model.name,
    // OpenAI-compatible servers list names only (size 0).
    description: [model.name === current ? CURRENT : '', model.sizeBytes > 0 ? formatBytes(model.sizeBytes) : '', model.parameterSize, model.quantization].filter((p) => p !== '').join(' · '),
    detail: [model.family, ...capabilities].filter((p) => p !== '').join(' · '),
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
  // While the demo model answers, it is the current one: no listed model is marked as answering.
  const demoAnswers = ctx.settings.useSimulatedModel;
  const demoItem: ModelItem = {
    label: '$(beaker) Demo model',
    demo: true,
    description: demoAnswers ? `${CURRENT} · simulated` : 'simulated',
    detail: 'Solves arithmetic only; needs no server',
  };
  // An OpenAI-compatible server serves the models it was started with: there is nothing to pull.
  const items: ModelItem[] = [
    ...listed.models.map((m) => modelItem(m, demoAnswers ? undefined : ctx.settings.model)),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    demoItem,
    ...(openai ? [] : [pullItem]),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Ponder: model that solves', placeHolder: server, matchOnDescription: true });
  if (!picked) return false;
  if (picked === pullItem) return pullModel(ctx, undefined);
  if (picked.demo === true) {
    await updateSetting('useSimulatedModel', true);
    ctx.reloadSettings();
    return true;
  }
  if (picked.model === undefined) return false;
  // The chosen model answers the next solve: the demo model (a setting or this session's) gives way.
  await updateSetting('model', picked.model);
  if (ctx.settings.useSimulatedModel) await updateSetting('useSimulatedModel', false);
  ctx.leaveDemo();

  const currentVerifier = ctx.settings.verifierModel;
  const same: ModelItem = { label: 'Same as the solving model', model: '', description: [currentVerifier === '' ? CURRENT : '', picked.model].filter((p) => p !== '').join(' · ') };
  const verifier = await vscode.window.showQuickPick([same, ...listed.models.map((m) => modelItem(m, currentVerifier === '' ? undefined : currentVerifier))], {
    title: 'Ponder: model that verifies the steps',
    placeHolder: 'A separate verifier model (Escape keeps the current one)',
  });
  if (verifier?.model !== undefined) await updateSetting('verifierModel', verifier.model);
  ctx.reloadSettings();
  return true;
}

/**
 * Asks which model to pull: suggestions that are not installed yet, or any name typed in the filter box.
 * `installed` is undefined when the server could not list its models (then every suggestion is offered).
 */
async function askModelToPull(installed: readonly string[] | undefined): Promise<string | undefined> {
  const have = new Set(installed ?? []);
  const suggestions = SUGGESTED_MODELS.filter((m) => !have.has(m.name)).map((m) => ({ label: m.name, description: m.note }));
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = 'Ponder: Pull Model';
  pick.placeholder = 'A suggested model, or type any Ollama model name (such as qwen2.5:7b)';
  pick.items = suggestions;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    // What is typed is offered first, unless it is a suggestion already.
    const custom = MODEL_NAME.test(typed) && !suggestions.some((s) => s.label === typed) ? [{ label: typed, description: have.has(typed) ? 'installed: pull again to update' : 'pull this name' }] : [];
    pick.items = [...custom, ...suggestions];
  });
  try {
    return await new Promise<string | undefined>((resolve) => {
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0]?.label ?? pick.value.trim();
        resolve(MODEL_NAME.test(chosen) ? chosen : undefined);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}

async function installedModels(ctx: Ctx): Promise<string[] | undefined> {
  try {
    const client = await ctx.client();
    const listed = await client.sendRequest(modelsRequest, {});
    return listed.error ? undefined : listed.models.map((m) => m.name);
  } catch {
    return undefined;
  }
}

/**
 * The status-bar line of the last cancelled pull: the next pull takes it down, so "nothing was installed"
 * never stands beside the notification that the model is.
 */
let pullNotice: vscode.Disposable | undefined;

function notePullCancelled(target: string): void {
  pullNotice?.dispose();
  pullNotice = vscode.window.setStatusBarMessage(`Ponder: pull of ${target} cancelled; nothing was installed.`, 8000);
}

/** Pulls `model` (asking for a name if none). Resolves true when the model is installed. */
export async function pullModel(ctx: Ctx, model: string | undefined): Promise<boolean> {
  const name = model ?? (await askModelToPull(await installedModels(ctx)));
  if (name === undefined || !MODEL_NAME.test(name.trim())) return false;
  const target = name.trim();
  pullNotice?.dispose();
  pullNotice = undefined;
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
    if (!result.ok) {
      // The server ends a pull without an error only when it was cancelled: say so, quietly.
      notePullCancelled(target);
      return false;
    }
    if (target !== ctx.settings.model) {
      const use = `Use ${target}`;
      void vscode.window.showInformationMessage(`Ponder: ${target} is installed.`, use).then(async (choice) => {
        if (choice === use) {
          await updateSetting('model', target);
          if (ctx.settings.useSimulatedModel) await updateSetting('useSimulatedModel', false);
          ctx.leaveDemo();
          ctx.reloadSettings();
        }
      });
    } else {
      void vscode.window.showInformationMessage(`Ponder: ${target} is installed.`);
    }
    return true;
  } catch (error) {
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) {
      notePullCancelled(target);
      ctx.log.info(`ponder/pull ${target} cancelled`);
      return false;
    }
    await showUnexpectedError(ctx, `pulling ${target} failed`, error);
    return false;
  }
}
