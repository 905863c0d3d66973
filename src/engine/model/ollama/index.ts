// Ponder's Ollama backend: the LanguageModel, the server helpers for the model picker, and their types.
export { OllamaModel, DEFAULT_NUM_CTX } from './model';
export type { OllamaModelOptions } from './model';
export { OllamaClient, DEFAULT_STALL_TIMEOUT_MS } from './client';
export type { OllamaClientOptions } from './client';
export type { OllamaCapabilities } from './capabilities';
export { versionAtLeast, FEATURE_VERSIONS } from './capabilities';
export type { ModelDetails, ModelSummary, PullProgress } from './catalog';
export { normaliseEndpoint, DEFAULT_OLLAMA_HOST } from './endpoint';
