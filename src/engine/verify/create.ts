// Picks the verifier a backend can support: the log-probability judge when the (verifier) model returns
// log-probabilities, the sampled judge otherwise. Which one was chosen is in `method` and `description`.
// A thinking model is asked not to think when judging, or, when it cannot stop (gpt-oss), to think at its
// lowest level within a cap; the judgement is read from the first answer token after any thinking.
import type { BudgetLedger } from '../budget/ledger';
import { judgeThinking } from '../model/thinking';
import type { LanguageModel } from '../model/types';
import { LogprobJudge } from './logprob-judge';
import { SampledJudge } from './sampled-judge';
import type { Verifier } from './types';

export type VerifierChoice = 'auto' | 'logprobs' | 'sampled';

export interface CreateVerifierOptions {
  model: LanguageModel;
  ledger: BudgetLedger;
  /** A separate verifier model name; default: the generator's model. */
  modelName?: string;
  choice?: VerifierChoice;
  /** Base seed for the sampled judge. */
  seed?: number;
  /** Judgements per step for the sampled judge. */
  samples?: number;
}

export async function createVerifier(options: CreateVerifierOptions, signal: AbortSignal): Promise<Verifier> {
  const choice = options.choice ?? 'auto';
  const capabilities = await options.model.capabilities(signal, options.modelName);
  const thinking = judgeThinking(capabilities);
  const common = {
    model: options.model,
    ledger: options.ledger,
    ...(thinking.think === undefined ? {} : { think: thinking.think }),
    thinkingAllowance: thinking.allowance,
    ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
  };
  const useLogprobs = choice === 'auto' ? capabilities.logprobs : choice === 'logprobs';
  if (useLogprobs) return new LogprobJudge(common);
  return new SampledJudge({
    ...common,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.samples === undefined ? {} : { samples: options.samples }),
  });
}
