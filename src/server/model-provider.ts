// Which model a solve uses, from the settings: the simulated demo model, or Ollama. One OllamaClient per
// host and stall limit is kept for the session (its connection pool and capability cache), and closed on
// shutdown.
import { DEFAULT_STALL_TIMEOUT_MS, OllamaClient, OllamaModel } from '../engine/model/ollama';
import { displayEndpoint, normaliseEndpoint } from '../engine/model/ollama/endpoint';
import { displayBaseUrl, normaliseBaseUrl, OpenAIModel } from '../engine/model/openai';
import { SimulatedModel } from '../engine/model/sim/simulated-model';
import type { LanguageModel } from '../engine/model/types';
import type { PonderSettings } from '../protocol/settings';

export interface ChosenModel {
  model: LanguageModel;
  /** A separate verifier model on the same backend, if set. */
  verifierModel?: string;
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
  /** The OpenAI-compatible server's key, from the editor's secret storage: memory only, never logged. */
  #apiKey: string | undefined;

  setApiKey(key: string | null | undefined): void {
    const next = key?.trim() ? key.trim() : undefined;
    if (next === this.#apiKey) return;
    this.#apiKey = next;
    const stale = [...this.#openai.values()];
    this.#openai.clear();
    void Promise.allSettled(stale.map((model) => model.close()));
  }

  /** The OpenAI-compatible model of the settings (one per base URL and model name). */
  openai(settings: PonderSettings, model = settings.model): OpenAIModel {
    const baseUrl = normaliseBaseUrl(settings.openaiBaseUrl);
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
      return { model: new SimulatedModel(), parallelism: Math.max(SIMULATED_PARALLELISM, settings.parallelRequests), simulated: true };
    }
    if (settings.backend === 'openai') {
      const model = this.openai(settings);
      return {
        model,
        ...(settings.verifierModel === '' ? {} : { verifierModel: settings.verifierModel }),
        parallelism: settings.parallelRequests,
        host: displayBaseUrl(model.baseUrl),
        simulated: false,
      };
    }
    const client = this.client(settings.ollamaHost, settings.stallTimeoutSeconds);
    const model = new OllamaModel({ model: settings.model, client, numCtx: settings.contextLength, slots: settings.parallelRequests });
    return {
      model,
      ...(settings.verifierModel === '' ? {} : { verifierModel: settings.verifierModel }),
      parallelism: settings.parallelRequests,
      host: displayEndpoint(client.endpoint),
      simulated: false,
    };
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    const openai = [...this.#openai.values()];
    this.#clients.clear();
    this.#openai.clear();
    await Promise.allSettled([...clients.map((client) => client.close()), ...openai.map((model) => model.close())]);
  }
}
