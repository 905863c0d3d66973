// Which model a solve uses, from the settings: the simulated demo model, or Ollama. One OllamaClient per
// host is kept for the session (its connection pool and capability cache), and closed on shutdown.
import { OllamaClient, OllamaModel } from '../engine/model/ollama';
import { displayEndpoint, normaliseEndpoint } from '../engine/model/ollama/endpoint';
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

  /** The client for `host` (created once per host). */
  client(host: string): OllamaClient {
    const endpoint = normaliseEndpoint(host);
    let client = this.#clients.get(endpoint);
    if (!client) {
      client = new OllamaClient({ host: endpoint });
      this.#clients.set(endpoint, client);
    }
    return client;
  }

  choose(settings: PonderSettings): ChosenModel {
    if (settings.useSimulatedModel) {
      return { model: new SimulatedModel(), parallelism: Math.max(SIMULATED_PARALLELISM, settings.parallelRequests), simulated: true };
    }
    const client = this.client(settings.ollamaHost);
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
    this.#clients.clear();
    await Promise.allSettled(clients.map((client) => client.close()));
  }
}
