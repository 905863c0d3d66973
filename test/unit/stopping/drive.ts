// Drives a controller over a fixed list of answers (null = no answer), for the stopping tests.
import type { ControllerResult, SamplingController } from '../../../src/engine/stopping/types';

export interface Driven extends ControllerResult {
  /** The batch sizes the controller asked for, in order. */
  readonly batches: number[];
}

export function drive(controller: SamplingController, keys: readonly (string | null)[], scores?: readonly number[]): Driven {
  const batches: number[] = [];
  let index = 0;
  for (let count = controller.next(); count > 0; count = controller.next()) {
    batches.push(count);
    for (let i = 0; i < count; i++) {
      if (index >= keys.length) throw new Error(`the controller asked for sample ${index + 1} of ${keys.length}`);
      controller.observe({ key: keys[index] ?? null, score: scores?.[index] ?? null, tokens: 10 });
      index += 1;
    }
  }
  return { ...controller.result(), batches };
}
