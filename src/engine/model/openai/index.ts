// The OpenAI-compatible backend (vLLM, SGLang, llama.cpp, LM Studio) over the official `openai` client.
export { OpenAIModel } from './model';
export type { OpenAICapabilities, OpenAIModelOptions } from './model';
export { normaliseBaseUrl, displayBaseUrl } from './endpoint';
export { apiKeyFromEnvironment, redactKey } from './secret';
export type { ServerKind, ServedModel } from './detect';
