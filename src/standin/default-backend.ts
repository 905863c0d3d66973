// The default backend: the simulated reasoner and its tokenizer.
import type { SimConfig } from '../engine/model/sim/reasoner';
import { respond } from '../engine/model/sim/reasoner';
import { tokenize } from '../engine/model/sim/tokenizer';
import type { RespondFn, TokenizeFn } from './backend';

export function simulatedRespond(config?: SimConfig): RespondFn {
  return (request) => respond(request, config);
}

export const simulatedTokenize: TokenizeFn = tokenize;
