// The Ollama stand-in: an HTTP server that speaks Ollama's native API, backed by the simulated reasoner.
export { startStandin } from './server';
export type { Standin } from './server';
export type { StandinOptions } from './options';
export { DEFAULT_VERSION } from './options';
export type { StandinStats } from './stats';
export type { OpenGeneration } from './open-generations';
export type { FaultKind, FaultSpec } from './faults';
export { FAULT_KINDS } from './faults';
export type { ModelCapability, ModelSpec } from './models';
export { DEFAULT_MODELS, DEFAULT_REGISTRY, DEEPSEEK_R1_DISTILL, GPT_OSS_LIKE, MAGISTRAL_LIKE, RENDERER_THINKER } from './models';
export { simulatedRespond } from './default-backend';
export type { RespondFn, TokenizeFn } from './backend';
export { renderChatPrompt, SHOW_TEMPLATE } from './template';
export { runStandinCli } from './cli';
