// Which model `ponder solve` talks to. An explicit --host is always used as given (its failures are
// reported, never papered over). Without one, Ponder looks for Ollama on its default address and, when
// nothing answers there, says so on one line and uses the simulated reasoner so the command still works
// on a machine with no model at all.
import { OllamaModel } from '../engine/model/ollama';
import { DEFAULT_OLLAMA_HOST, displayEndpoint, normaliseEndpoint } from '../engine/model/ollama/endpoint';
import { SimulatedModel } from '../engine/model/sim/simulated-model';
import type { LanguageModel } from '../engine/model/types';
import { ollamaHostOption } from './options';

export const DEFAULT_MODEL = 'qwen2.5:1.5b';

export interface ModelChoice {
  model: LanguageModel;
  /** What to tell the user about the choice (one line), if anything. */
  notice?: string;
  close(): Promise<void>;
}

export interface ModelChoiceOptions {
  host?: string;
  model?: string;
  /** Use the simulated reasoner without looking for Ollama. */
  simulated?: boolean;
  /** Generations at once against the Ollama endpoint. */
  parallel?: number;
  numCtx?: number;
  /** Where to look for Ollama when no host is given (default Ollama's own address). */
  defaultHost?: string;
  /** How long to wait for the default host to answer before falling back. */
  probeTimeoutMs?: number;
}

export async function chooseModel(options: ModelChoiceOptions): Promise<ModelChoice> {
  if (options.simulated) return simulated('Using the simulated reasoner (a demo model for arithmetic problems).');
  const explicit = options.host !== undefined;
  // A malformed address is the user's to fix, said before any request (exit code 2), not a crash mid-solve.
  const host = ollamaHostOption('--host', options.host) ?? ollamaHostOption('OLLAMA_HOST', options.defaultHost, 'correct or unset it, or pass --host') ?? DEFAULT_OLLAMA_HOST;
  const endpoint = normaliseEndpoint(host);
  if (!explicit && !(await answers(endpoint, options.probeTimeoutMs ?? 1500))) {
    return simulated(
      `No Ollama answered at ${displayEndpoint(endpoint)}, so Ponder is using its simulated reasoner ` +
        '(a demo model that solves arithmetic); start Ollama (`ollama serve`) or pass --host to use a real model.',
    );
  }
  const model = new OllamaModel({
    host: endpoint,
    model: options.model ?? DEFAULT_MODEL,
    slots: options.parallel ?? 1,
    ...(options.numCtx !== undefined ? { numCtx: options.numCtx } : {}),
  });
  return { model, close: () => model.client.close() };
}

function simulated(notice: string): ModelChoice {
  return { model: new SimulatedModel(), notice, close: () => Promise.resolve() };
}

/** True when an Ollama server answers /api/version at `endpoint` within the timeout. */
async function answers(endpoint: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/api/version`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
