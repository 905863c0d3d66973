// One consistency prior per model (by its label: backend, model and host), kept for the language server's
// life: adaptive mode learns from each problem solved how consistent that model's samples are, and a model
// that has shown itself consistent may settle an easy problem on its first sample (engine/stopping/
// consistency-prior.ts). Nothing is written to disk: a new session learns afresh.
import { ConsistencyPrior } from '../engine/stopping/consistency-prior';

/** Models remembered at once; the least recently used is forgotten first. */
const MAX_MODELS = 32;

export class ConsistencyPriors {
  private readonly priors = new Map<string, ConsistencyPrior>();

  for(modelLabel: string): ConsistencyPrior {
    let prior = this.priors.get(modelLabel);
    if (prior) this.priors.delete(modelLabel);
    else prior = new ConsistencyPrior();
    this.priors.set(modelLabel, prior);
    while (this.priors.size > MAX_MODELS) {
      const oldest = this.priors.keys().next().value;
      if (oldest === undefined) break;
      this.priors.delete(oldest);
    }
    return prior;
  }
}
