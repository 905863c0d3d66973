// The model for `--backend openai`: one OpenAI-compatible base URL, or several (comma-separated) served
// as one pool (engine/model/pool). The API key comes from the environment only (PONDER_API_KEY, else
// OPENAI_API_KEY), never from an argument, and is never printed: labels and messages show the address
// without credentials.
import { apiKeyFromEnvironment, OpenAIModel } from '../engine/model/openai';
import { EndpointPool } from '../engine/model/pool';
import type { ModelChoice } from './choose-model';
import { UsageError } from './read-problem';

export interface OpenAIChoiceOptions {
  /** One base URL or a comma-separated list. */
  readonly baseUrl: string | undefined;
  readonly model: string | undefined;
  /** Requests at once per endpoint. */
  readonly parallel?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** The base URLs of a comma-separated list, checked. */
export function baseUrlList(text: string | undefined, flag = '--base-url'): string[] {
  const urls = (text ?? '').split(',').map((u) => u.trim()).filter((u) => u !== '');
  if (urls.length === 0) throw new UsageError(`--backend openai needs ${flag} URL (e.g. http://127.0.0.1:8000/v1; several, comma-separated)`);
  if (new Set(urls).size !== urls.length) throw new UsageError(`${flag} names an address twice`);
  return urls;
}

export function chooseOpenAIModel(options: OpenAIChoiceOptions): ModelChoice {
  const urls = baseUrlList(options.baseUrl);
  if (!options.model) throw new UsageError('--backend openai needs --model NAME (a name the server lists at /v1/models)');
  const apiKey = apiKeyFromEnvironment(options.env);
  let models: OpenAIModel[];
  try {
    models = urls.map((baseUrl) => new OpenAIModel({ baseUrl, model: options.model as string, slots: options.parallel ?? 4, ...(apiKey ? { apiKey } : {}) }));
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  if (models.length === 1) {
    const model = models[0] as OpenAIModel;
    return { model, close: () => model.close() };
  }
  const pool = new EndpointPool(models.map((model) => ({ model, name: model.endpoint, slots: options.parallel ?? 4 })));
  return { model: pool, close: () => Promise.all(models.map((m) => m.close())).then(() => undefined) };
}
