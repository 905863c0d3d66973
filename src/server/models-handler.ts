// ponder/models and ponder/pull: what the model picker needs from the Ollama server of the settings.
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { cleanServerText, isAbortError } from '../engine/model/errors';
import { FEATURE_VERSIONS, versionAtLeast } from '../engine/model/ollama';
import type { ModelSummary, PullProgress } from '../engine/model/ollama';
import type { OllamaClient } from '../engine/model/ollama';
import { displayEndpoint } from '../engine/model/ollama/endpoint';
import type { ModelInfo, ModelsResult, PullResult } from '../protocol/lsp';
import type { ServerContext } from './context';
import { toPonderError } from './errors';
import { isPullParams } from './params';

/** Progress reports of a pull are throttled: Ollama sends a line every 60 ms per layer. */
const PULL_REPORT_INTERVAL_MS = 100;

export async function handleModels(ctx: ServerContext, token: CancellationToken): Promise<ModelsResult> {
  if (ctx.settings.current.backend === 'openai') return handleOpenAIModels(ctx, token);
  const client = ctx.models.client(ctx.settings.current.ollamaHost);
  const host = displayEndpoint(client.endpoint);
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  try {
    const [version, listed] = await Promise.all([client.version(abort.signal), client.listModels(abort.signal)]);
    const models = await Promise.all(listed.map((summary) => modelInfo(client, summary, abort.signal)));
    return { host, version, logprobs: versionAtLeast(version, FEATURE_VERSIONS.logprobs), models };
  } catch (error) {
    return { host, version: null, logprobs: false, models: [], error: toPonderError(error) };
  } finally {
    listener.dispose();
  }
}

/** The models an OpenAI-compatible server lists at /v1/models (it reports no sizes or quantisation). */
async function handleOpenAIModels(ctx: ServerContext, token: CancellationToken): Promise<ModelsResult> {
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  let host = ctx.settings.current.openaiBaseUrl;
  try {
    const model = ctx.models.openai(ctx.settings.current);
    host = model.endpoint;
    const [listed, caps] = await Promise.all([model.listModels(abort.signal), model.capabilities(abort.signal).catch(() => undefined)]);
    const models: ModelInfo[] = listed.map((m) => ({ name: m.id, sizeBytes: 0, family: '', parameterSize: '', quantization: '', thinking: false }));
    return { host, version: caps?.serverName ?? null, logprobs: caps?.logprobs ?? false, models };
  } catch (error) {
    return { host, version: null, logprobs: false, models: [], error: toPonderError(error) };
  } finally {
    listener.dispose();
  }
}

async function modelInfo(client: OllamaClient, summary: ModelSummary, signal: AbortSignal): Promise<ModelInfo> {
  let thinking = summary.capabilities?.includes('thinking');
  let { family, parameterSize, quantization } = summary;
  if (thinking === undefined) {
    // Older servers list no capabilities: ask for the model's details.
    try {
      const details = await client.showModel(summary.name, signal);
      thinking = details.thinking;
      family ??= details.family;
      parameterSize ??= details.parameterSize;
      quantization ??= details.quantization;
    } catch (error) {
      if (isAbortError(error)) throw error;
      thinking = false;
    }
  }
  return {
    name: summary.name,
    sizeBytes: summary.size,
    family: family ?? '',
    parameterSize: parameterSize ?? '',
    quantization: quantization ?? '',
    thinking,
  };
}

export async function handlePull(
  ctx: ServerContext,
  raw: unknown,
  token: CancellationToken,
  workDone: WorkDoneProgressReporter,
): Promise<PullResult> {
  if (!isPullParams(raw)) return { ok: false, error: { kind: 'bad-input', message: 'ponder/pull needs { model: string } with a model name such as qwen2.5:1.5b.' } };
  const client = ctx.models.client(ctx.settings.current.ollamaHost);
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  let lastReport = -Infinity;
  workDone.begin(`Pulling ${raw.model}`, 0, 'starting', true);
  try {
    await client.pullModel(
      raw.model,
      (progress) => {
        const now = performance.now();
        if (now - lastReport < PULL_REPORT_INTERVAL_MS && progress.status !== 'success') return;
        lastReport = now;
        const { message, percentage } = describePull(progress);
        workDone.report(percentage, message);
      },
      abort.signal,
    );
    return { ok: true };
  } catch (error) {
    if (abort.signal.aborted || isAbortError(error)) return { ok: false };
    return { ok: false, error: { ...toPonderError(error), model: raw.model } };
  } finally {
    listener.dispose();
    workDone.done();
  }
}

/** "pulling 1a2b3c: 512.0 MB / 1.0 GB" with its percentage. */
export function describePull(progress: PullProgress): { message: string; percentage: number } {
  const { completed, total } = progress;
  if (total !== undefined && total > 0 && completed !== undefined) {
    const percentage = Math.min(100, Math.round((completed / total) * 100));
    return { message: `${cleanServerText(progress.status, 80)}: ${formatBytes(completed)} / ${formatBytes(total)}`, percentage };
  }
  return { message: cleanServerText(progress.status, 80), percentage: progress.status === 'success' ? 100 : 0 };
}

function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
