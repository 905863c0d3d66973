// What serves the tokens: by default the simulated reasoner; tests may pass a tiny deterministic one.
import type { SimRequest, SimResponse } from '../engine/model/sim/types';

/** Produces a whole generation for a request (the stand-in paces its tokens out). */
export type RespondFn = (request: SimRequest) => SimResponse;

/** Splits text into tokens; prompt_eval_count and the slots' prefix cache are counted in these. */
export type TokenizeFn = (text: string) => string[];
