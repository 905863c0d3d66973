// startStandin(): an HTTP server on 127.0.0.1 speaking Ollama's native API, backed by the simulated
// reasoner (or an injected backend), with parallel slots, a prefix cache, pacing and switchable faults.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { StandinContext } from './context';
import { simulatedRespond, simulatedTokenize } from './default-backend';
import type { FaultSpec } from './faults';
import { FaultBook } from './faults';
import { sendError } from './json';
import { Listener } from './listener';
import { ModelCatalog } from './models';
import type { OpenGeneration } from './open-generations';
import { OpenGenerations } from './open-generations';
import type { StandinOptions } from './options';
import { resolveOptions } from './options';
import { routeOpenAI } from './openai/router';
import { route } from './router';
import { SlotScheduler } from './slots';
import type { StandinStats } from './stats';
import { StatsCounters } from './stats';
import { featuresOf } from './version';
import { Vocabulary } from './vocabulary';

export interface Standin {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Ends every request and connection, clears every timer, stops listening. */
  close(): Promise<void>;
  stats(): StandinStats;
  /** The generations queued or streaming right now, with their prompts (copies). */
  openGenerations(): OpenGeneration[];
  /** Replaces the active faults; resolves once the listener matches (`refuse` closes it, clearing reopens). */
  setFaults(faults: readonly FaultSpec[]): Promise<void>;
  /** Polls stats() until `predicate` holds; rejects after `timeoutMs` (default 2000). */
  waitFor(predicate: (stats: StandinStats) => boolean, timeoutMs?: number): Promise<StandinStats>;
}

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const resolved = resolveOptions(options);
  const lifetime = new AbortController();
  const stats = new StatsCounters();
  const faults = new FaultBook();
  faults.set(resolved.faults);
  const ctx: StandinContext = {
    options: resolved,
    features: featuresOf(resolved.version),
    catalog: new ModelCatalog(resolved.models, resolved.registry),
    scheduler: new SlotScheduler({
      parallel: resolved.parallel,
      maxQueue: resolved.maxQueue,
      cache: resolved.cache,
      runner: featuresOf(resolved.version).llamaServer ? 'llama-server' : 'go',
      multiUserCache: resolved.multiUserCache,
      loadLatencyMs: resolved.loadLatencyMs,
      lifetime: lifetime.signal,
      onLoad: () => (stats.modelLoads += 1),
    }),
    faults,
    stats,
    vocabulary: new Vocabulary(),
    respond: options.respond ?? simulatedRespond(options.simConfig),
    tokenize: options.tokenize ?? simulatedTokenize,
    blobs: new Map(),
    generations: new OpenGenerations(),
  };

  const openResponses = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    stats.totalRequests += 1;
    stats.openRequests += 1;
    openResponses.add(res);
    const controller = new AbortController();
    const onShutdown = (): void => controller.abort();
    lifetime.signal.addEventListener('abort', onShutdown, { once: true });
    res.once('close', () => {
      stats.openRequests -= 1;
      openResponses.delete(res);
      lifetime.signal.removeEventListener('abort', onShutdown);
      // Closed before the response finished: the client went away (or the socket was destroyed).
      if (!res.writableFinished) controller.abort();
    });
    const routed =
      options.dialect === 'openai' ? routeOpenAI(ctx, options.apiKey, req, res, controller.signal) : route(ctx, req, res, controller.signal);
    routed.catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) sendError(res, 500, message);
      else res.destroy();
    });
  };

  const http = createServer({ noDelay: true }, handle);
  // Like Ollama (Go's http.Server), never time out idle keep-alive connections from our side.
  http.keepAliveTimeout = 0;
  const listener = new Listener(http, resolved.host);
  await listener.open(resolved.port);
  const port = listener.port;
  if (faults.refusing()) await listener.shut();

  let closed = false;
  const syncListener = async (): Promise<void> => {
    if (closed) return;
    if (faults.refusing() && listener.listening) await listener.shut();
    else if (!faults.refusing() && !listener.listening) await listener.open(port);
  };

  const standin: Standin = {
    url: `http://${resolved.host}:${port}`,
    port,
    stats: () => ({
      ...stats,
      queued: ctx.scheduler.queued,
      activeGenerations: ctx.scheduler.active,
      faultsFired: Object.fromEntries(faults.fired),
    }),
    openGenerations: () => ctx.generations.list(),
    setFaults: async (next) => {
      faults.set(next);
      await syncListener();
    },
    waitFor: (predicate, timeoutMs = 2000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = (): void => {
          const current = standin.stats();
          if (predicate(current)) resolve(current);
          else if (Date.now() >= deadline) reject(new Error(`standin: condition not met in ${timeoutMs} ms: ${JSON.stringify(current)}`));
          else setTimeout(check, 5);
        };
        check();
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      const responsesClosed = [...openResponses].map((res) => new Promise((resolve) => res.once('close', resolve)));
      lifetime.abort();
      ctx.scheduler.close();
      await listener.shut();
      http.closeAllConnections();
      await Promise.all(responsesClosed); // so stats() shows every request closed once close() resolves
    },
  };
  return standin;
}
