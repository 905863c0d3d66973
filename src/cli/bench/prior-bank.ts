// The consistency priors of a benchmark: one per adaptive cell (strategy × budget) and repeat, so each
// random order is its own run that learns only from the problems before it in that order. A resumed run
// first replays what its finished problems recorded, so it carries on with the priors it had.
import { ConsistencyPrior } from '../../engine/stopping/consistency-prior';
import type { UnitResult } from './cells';

export class PriorBank {
  private readonly priors = new Map<string, ConsistencyPrior>();

  get(cell: number, repeat: number): ConsistencyPrior {
    const key = `${cell}:${repeat}`;
    let prior = this.priors.get(key);
    if (!prior) {
      prior = new ConsistencyPrior();
      this.priors.set(key, prior);
    }
    return prior;
  }

  /** Replays a finished problem's records (from a checkpoint) into the priors. */
  replay(unit: UnitResult): void {
    for (const record of unit.consistency ?? []) this.get(record.cell, record.repeat).record(record.distinct, record.samples);
  }
}
