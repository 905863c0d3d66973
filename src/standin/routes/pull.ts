// POST /api/pull: progress streamed as Ollama's PullModel reports it — "pulling manifest", one
// "pulling <digest>" line per layer and tick with total/completed, "verifying sha256 digest",
// "writing manifest", "removing any unused layers", "success". An unknown model fails after
// "pulling manifest" with an error line (status 200). Progress is paced (pullTickMs, pullBytesPerSecond)
// so a pull can be cancelled midway; the bytes fetched so far are kept, so the next pull resumes.
import type { ChunkFormat } from '../ndjson';
import { ChunkSink } from '../ndjson';
import { sendError } from '../json';
import { parseModelName } from '../names';
import { AbortedError, pause } from '../pacing';
import type { FieldKind } from '../request-fields';
import { applyBeforeFault, readRequest, str } from './common';
import type { RouteHandler } from './common';

type Progress = Readonly<Record<string, string | number>>;

const PULL_FIELDS: Record<string, FieldKind> = {
  model: 'string',
  name: 'string',
  insecure: 'bool',
  stream: 'bool',
  username: 'string',
  password: 'string',
};

/** Non-streamed, only the last status is sent (Ollama's waitForStream). */
const progressFormat: ChunkFormat<Progress> = {
  toJson: (item) => item,
  merge: (items) => items[items.length - 1] ?? {},
};

export const handlePull: RouteHandler = async (ctx, req, res, signal) => {
  const body = await readRequest(ctx, req, res, 'PullRequest', PULL_FIELDS);
  if (!body) return;
  const requested = str(body.model) || str(body.name); // ollama-js still sends the deprecated `name`
  if (parseModelName(requested).kind !== 'ok') {
    sendError(res, 400, 'invalid model name');
    return;
  }
  const fault = ctx.faults.take('/api/pull', requested);
  if (await applyBeforeFault(ctx, fault, res, signal)) return;

  const sink = new ChunkSink<Progress>(res, body.stream !== false, progressFormat, signal, fault);
  const { stats, options } = ctx;
  stats.pullsStarted += 1;
  const bytesPerTick = options.pullTickMs > 0 ? (options.pullBytesPerSecond * options.pullTickMs) / 1000 : Number.POSITIVE_INFINITY;
  try {
    if (!(await sink.chunk({ status: 'pulling manifest' }, false))) return;
    await pause(options.pullTickMs, signal);
    const entry = ctx.catalog.findInRegistry(requested);
    if (!entry) {
      sink.fail(500, 'pull model manifest: file does not exist');
      return;
    }
    const installed = ctx.catalog.find(requested) !== undefined;
    for (const layer of entry.layers) {
      const status = `pulling ${layer.digest.slice(7, 19)}`;
      let have = installed ? layer.size : ctx.blobs.get(layer.digest) ?? 0;
      while (have < layer.size) {
        // `completed` is omitempty: absent until the first bytes have arrived.
        const line = { status, digest: layer.digest, total: layer.size, ...(have > 0 ? { completed: have } : {}) };
        if (!(await sink.chunk(line, false))) return;
        await pause(options.pullTickMs, signal);
        have = Math.min(layer.size, have + Math.max(1, Math.floor(bytesPerTick)));
        ctx.blobs.set(layer.digest, have);
      }
      if (!(await sink.chunk({ status, digest: layer.digest, total: layer.size, completed: layer.size }, false))) return;
    }
    for (const status of ['verifying sha256 digest', 'writing manifest']) {
      if (!(await sink.chunk({ status }, false))) return;
    }
    ctx.catalog.install(entry);
    if (!(await sink.chunk({ status: 'removing any unused layers' }, false))) return;
    if (await sink.chunk({ status: 'success' }, true)) stats.pullsCompleted += 1;
  } catch (err) {
    if (!(err instanceof AbortedError)) throw err;
  } finally {
    if (signal.aborted) stats.pullsAborted += 1;
  }
};
