// Everything a route needs, built once per stand-in.
import type { RespondFn, TokenizeFn } from './backend';
import type { FaultBook } from './faults';
import type { ModelCatalog } from './models';
import type { OpenGenerations } from './open-generations';
import type { ResolvedOptions } from './options';
import type { SlotScheduler } from './slots';
import type { StatsCounters } from './stats';
import type { Features } from './version';
import type { Vocabulary } from './vocabulary';

export interface StandinContext {
  readonly options: ResolvedOptions;
  readonly features: Features;
  readonly catalog: ModelCatalog;
  readonly scheduler: SlotScheduler;
  readonly faults: FaultBook;
  readonly stats: StatsCounters;
  readonly vocabulary: Vocabulary;
  readonly respond: RespondFn;
  readonly tokenize: TokenizeFn;
  /** Bytes of each blob "downloaded" so far, so an interrupted pull resumes. */
  readonly blobs: Map<string, number>;
  /** Generations queued or streaming now, for tests to observe. */
  readonly generations: OpenGenerations;
}
