// Which model a solve uses, from the settings: the simulated demo model, Ollama, or an OpenAI-compatible
// server (one address, or several as one endpoint pool); and which verifier: the model as a judge, or a
// trained process reward model. One OllamaClient per host and stall limit, one OpenAIModel per address and
// model, and one pool per list of addresses are kept for the session (connection pools, capability caches,
// which endpoints are set aside), and closed on shutdown or when the API key changes.
import type { BudgetLedger } from '../engine/budget/ledger';
import { DEFAULT_STALL_TIMEOUT_MS, OllamaClient, OllamaModel } from '../engine/model/ollama';
import { displayEndpoint, normaliseEndpoint } from '../engine/model/ollama/endpoint';
import { displayBaseUrl, normaliseBaseUrl, OpenAIModel } from '../engine/model/openai';
import { DEFAULT_PRM, PrmClient } from '../engine/model/openai/pooling';
import { EndpointPool } from '../engine/model/pool';
import { SimulatedModel } from '../engine/model/sim/simulated-model';
import type { LanguageModel } from '../engine/model/types';
import { PrmVerifier } from '../engine/verify/prm-verifier';
import type { Verifier } from '../engine/verify/types';
import type { PonderSettings } from '../protocol/settings';
import { baseUrls } from '../protocol/settings';

export interface ChosenModel {
  model: LanguageModel;
  /** A separate verifier model on the same backend, if set (judge only). */
  verifierModel?: string;
  /** The trained process reward model as the verifier (`ponder.verifier: prm`). */
  verifier?: (ledger: BudgetLedger) => Verifier;
  /** Generations at once. */
  parallelism: number;
  /** The host, for error messages; undefined for the demo model. */
  host?: string;
  simulated: boolean;
}

/** The demo model runs in process: a few chains at once keep its tree lively. */
const SIMULATED_PARALLELISM = 4;

export class ModelProvider {
  readonly #clients = new Map<string, OllamaClient>();
  /** OpenAI-compatible models by base URL and model name; dropped when the API key changes. */
  readonly #openai = new Map<string, OpenAIModel>();
  /** Endpoint pools by their addresses, model and slots: which endpoints are set aside outlives one solve. */
  readonly #pools = new Map<string, EndpointPool>();
  /** The OpenAI-compatible server's key, from the editor's secret storage: memory only, never logged. */
  #apiKey: string | undefined;

  setApiKey(key: string | null | undefined): void {
    const next = key?.trim() ? key.trim() : undefined;
    if (next === this.#apiKey) return;
    this.#apiKey = next;
    const stale = [...this.#openai.values()];
    this.#openai.clear();
    this.#pools.clear();
    void Promise.allSettled(stale.map((model) => model.close()));
  }

  /** The OpenAI-compatible model at the first address of the settings (what the model picker lists). */
  openai(settings: PonderSettings, model = settings.model): OpenAIModel {
    return this.#openaiAt(baseUrls(settings.openaiBaseUrl)[0] ?? settings.openaiBaseUrl, settings, model);
  }

  /** One model per address of `ponder.openaiBaseUrl`, in order. */
  openaiEndpoints(settings: PonderSettings): OpenAIModel[] {
    return baseUrls(settings.openaiBaseUrl).map((url) => this.#openaiAt(url, settings, settings.model));
  }

  #openaiAt(url: string, settings: PonderSettings, model: string): OpenAIModel {
    const baseUrl = normaliseBaseUrl(url);
    const key = `${baseUrl} ${model} ${settings.parallelRequests} ${settings.stallTimeoutSeconds}`;
    let existing = this.#openai.get(key);
    if (!existing) {
      existing = new OpenAIModel({
        baseUrl,
        model,
        slots: settings.parallelRequests,
        stallTimeoutMs: Math.round(settings.stallTimeoutSeconds * 1000),
        ...(this.#apiKey ? { apiKey: this.#apiKey } : {}),
      });
      this.#openai.set(key, existing);
    }
    return existing;
  }

  /** The generator on the OpenAI-compatible backend: one model, or a pool over several addresses. */
  #openaiGenerator(settings: PonderSettings): { model: LanguageModel; endpoints: OpenAIModel[] } {
    const endpoints = this.openaiEndpoints(settings);
    if (endpoints.length === 1) return { model: endpoints[0] as OpenAIModel, endpoints };
    const key = `${endpoints.map((e) => e.baseUrl).join(' ')} ${settings.model} ${settings.parallelRequests} ${settings.stallTimeoutSeconds}`;
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = new EndpointPool(endpoints.map((model) => ({ model, name: model.endpoint, slots: settings.parallelRequests })));
      this.#pools.set(key, pool);
    }
    return { model: pool, endpoints };
  }

  /**
   * The PRM verifier of the settings: at `ponder.verifierBaseUrl`, else the first OpenAI-compatible
   * address, with the same API key; `ponder.verifierModel` names it (default Qwen2.5-Math-PRM-7B).
   */
  prm(settings: PonderSettings): PrmClient {
    return new PrmClient({
      baseUrl: settings.verifierBaseUrl !== '' ? settings.verifierBaseUrl : (baseUrls(settings.openaiBaseUrl)[0] ?? settings.openaiBaseUrl),
      model: settings.verifierModel !== '' ? settings.verifierModel : DEFAULT_PRM,
      style: settings.prmStyle,
      ...(this.#apiKey ? { apiKey: this.#apiKey } : {}),
    });
  }

  /** The client for `host` with a stall limit (created once per pair). */
  client(host: string, stallTimeoutSeconds = DEFAULT_STALL_TIMEOUT_MS / 1000): OllamaClient {
    const endpoint = normaliseEndpoint(host);
    const key = `${endpoint} ${stallTimeoutSeconds}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = new OllamaClient({ host: endpoint, stallTimeoutMs: Math.round(stallTimeoutSeconds * 1000) });
      this.#clients.set(key, client);
    }
    return client;
  }

  choose(settings: PonderSettings): ChosenModel {
    if (settings.useSimulatedModel) {
      // The demo model judges its own steps: a PRM scores real models' chains, not its made-up ones.
      return { model: new SimulatedModel(), parallelism: Math.max(SIMULATED_PARALLELISM, settings.parallelRequests), simulated: true };
    }
    const verifier = settings.verifier === 'prm' ? this.#prmVerifier(settings) : undefined;
    // A PRM takes the verifier model's name; the judge's separate model only goes with the judge.
    const verifierModel = verifier === undefined && settings.verifierModel !== '' ? { verifierModel: settings.verifierModel } : {};
    if (settings.backend === 'openai') {
      const { model, endpoints } = this.#openaiGenerator(settings);
      return {
        model,
        ...verifierModel,
        ...(verifier ? { verifier } : {}),
        // Each address takes `parallelRequests` at once.
        parallelism: settings.parallelRequests * endpoints.length,
        host: endpoints.map((e) => displayBaseUrl(e.baseUrl)).join(', '),
        simulated: false,
      };
    }
    const client = this.client(settings.ollamaHost, settings.stallTimeoutSeconds);
    const model = new OllamaModel({ model: settings.model, client, numCtx: settings.contextLength, slots: settings.parallelRequests });
    return {
      model,
      ...verifierModel,
      ...(verifier ? { verifier } : {}),
      parallelism: settings.parallelRequests,
      host: displayEndpoint(client.endpoint),
      simulated: false,
    };
  }

  #prmVerifier(settings: PonderSettings): (ledger: BudgetLedger) => Verifier {
    const client = this.prm(settings);
    return (ledger) => new PrmVerifier(client, ledger);
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    const openai = [...this.#openai.values()];
    this.#clients.clear();
    this.#openai.clear();
    this.#pools.clear();
    await Promise.allSettled([...clients.map((client) => client.close()), ...openai.map((model) => model.close())]);
  }
}
