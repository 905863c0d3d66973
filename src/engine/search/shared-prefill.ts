// Samples of one prompt drawn together in one request where the server takes `n` (LanguageModel
// .generateStreams): one prefill for the lot instead of one per sample. Each sample keeps its own code
// path (budget reservation, streaming into the tree, failure handling): it gets a member model whose
// generate() registers its request and waits until every member of the batch has either registered or
// settled without calling the model (refused by the budget, cancelled). Then the registered requests
// that are the same apart from their seeds, with seeds seed, seed+1, … in sample order, go out as one
// request with `n`; anything else goes out as it would have alone. So the results are those of one
// request per sample wherever the server seeds sample i of a request with seed + i, as vLLM does
// (vllm/v1/engine/parallel_sampling.py, ParentRequest._get_child_sampling_params: `seed + index`).
import type { GenerationEvent, GenerationRequest, LanguageModel, ModelCapabilities } from '../model/types';

interface Registered {
  readonly request: GenerationRequest;
  readonly signal: AbortSignal;
  readonly deliver: (stream: AsyncIterable<GenerationEvent>) => void;
}

export class SharedPrefillBatch {
  readonly #registered = new Map<number, Registered>();
  readonly #settled = new Set<number>();
  #dispatched = false;
  /** Requests sent to the model, and samples they carried (for tests and figures). */
  readonly sent: number[] = [];

  /** `size` members, indexed 0 … size-1 in sample order (member i's seed is expected to be seed + i). */
  constructor(
    private readonly model: LanguageModel & Required<Pick<LanguageModel, 'generateStreams'>>,
    private readonly size: number,
  ) {}

  member(index: number): LanguageModel {
    const register = (request: GenerationRequest, signal: AbortSignal): Promise<AsyncIterable<GenerationEvent>> => this.#register(index, request, signal);
    return {
      label: this.model.label,
      capabilities: (signal: AbortSignal, model?: string): Promise<ModelCapabilities> => this.model.capabilities(signal, model),
      async *generate(request: GenerationRequest, signal: AbortSignal): AsyncIterable<GenerationEvent> {
        yield* await register(request, signal);
      },
    };
  }

  /** Member `index` is done without (or after) calling the model: the batch need not wait for it. */
  settle(index: number): void {
    this.#settled.add(index);
    this.#maybeDispatch();
  }

  #register(index: number, request: GenerationRequest, signal: AbortSignal): Promise<AsyncIterable<GenerationEvent>> {
    if (this.#dispatched) return Promise.resolve(this.model.generate(request, signal));
    return new Promise((deliver) => {
      this.#registered.set(index, { request, signal, deliver });
      this.#maybeDispatch();
    });
  }

  #maybeDispatch(): void {
    if (this.#dispatched) return;
    for (let i = 0; i < this.size; i++) if (!this.#registered.has(i) && !this.#settled.has(i)) return;
    this.#dispatched = true;
    for (const run of runsOf([...this.#registered.entries()].sort((a, b) => a[0] - b[0]))) {
      const [first] = run;
      if (!first) continue;
      if (run.length === 1) {
        this.sent.push(1);
        first[1].deliver(this.model.generate(first[1].request, first[1].signal));
        continue;
      }
      this.sent.push(run.length);
      const streams = this.model.generateStreams(first[1].request, run.length, first[1].signal);
      run.forEach(([, member], i) => member.deliver(streams[i] as AsyncIterable<GenerationEvent>));
    }
  }
}

/** Consecutive members whose requests differ only in seeds that go up by one with the index. */
function runsOf(members: [number, Registered][]): [number, Registered][][] {
  const runs: [number, Registered][][] = [];
  for (const entry of members) {
    const run = runs[runs.length - 1];
    const previous = run?.[run.length - 1];
    if (run && previous && joins(previous, entry)) run.push(entry);
    else runs.push([entry]);
  }
  return runs;
}

function joins([i, a]: [number, Registered], [j, b]: [number, Registered]): boolean {
  if (j !== i + 1 || a.signal !== b.signal) return false;
  if (a.request.seed === undefined || b.request.seed !== a.request.seed + 1) return false;
  return sameApartFromSeed(a.request, b.request);
}

function sameApartFromSeed(a: GenerationRequest, b: GenerationRequest): boolean {
  const { seed: _a, ...restA } = a;
  const { seed: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}
