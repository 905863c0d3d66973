// Switchable failures, so clients can be tested against the ways a real server or network fails.
// Faults are set at start (options.faults) or at run time (standin.setFaults) and may be limited to one
// model and/or to the next N matching requests. A request takes the first matching fault when it is
// scheduled (after its body has been validated), and that fault acts on it:
//
// - refuse              the listener is closed and open connections are destroyed: new connections get
//                       ECONNREFUSED until the fault is cleared (server-wide; `model`/`times` do not apply).
// - stallBeforeHeaders  the request is accepted and never answered (no status, no headers) until the
//                       client gives up or the stand-in closes.
// - stallMidStream      `afterChunks` chunks are sent, then nothing more, and the response is never ended;
//                       the generation keeps its slot until the client disconnects (a hung runner).
// - dropMidStream       the socket is destroyed after `afterChunks` chunks (a crash or network drop).
// - error500Before      500 with `{"error": message}` before anything is streamed (a load/runner failure).
// - error500During      after `afterChunks` chunks, one `{"error": message}` line and the stream ends; the
//                       status stays 200, as Ollama's mid-stream errors do. Non-streamed: a 500.
// - malformedLine       after `afterChunks` chunks a line that is not JSON is written; the stream then
//                       continues normally (clients should skip it, as ollama-js does).
// - queueFull           503 `server busy, please try again.  maximum pending requests exceeded` at once.
// - endWithoutDone      the stream ends cleanly after `afterChunks` chunks (default: in place of the final
//                       done chunk) without ever sending `done: true`.
// Mid-stream faults fire at the latest just before the final chunk, so a short stream still shows them.
// By default faults apply to /api/generate and /api/chat; `paths` widens that (e.g. /api/pull, /api/tags;
// on non-streaming endpoints only the "before" faults mean anything).
import { modelKey } from './names';

export type FaultKind =
  | 'refuse'
  | 'stallBeforeHeaders'
  | 'stallMidStream'
  | 'dropMidStream'
  | 'error500Before'
  | 'error500During'
  | 'malformedLine'
  | 'queueFull'
  | 'endWithoutDone';

export const FAULT_KINDS: readonly FaultKind[] = [
  'refuse',
  'stallBeforeHeaders',
  'stallMidStream',
  'dropMidStream',
  'error500Before',
  'error500During',
  'malformedLine',
  'queueFull',
  'endWithoutDone',
];

export interface FaultSpec {
  readonly kind: FaultKind;
  /** Only requests for this model (any spelling Ollama accepts, e.g. `qwen3` = `qwen3:latest`). */
  readonly model?: string;
  /** Only the next N matching requests; then the fault clears itself. Default: every request. */
  readonly times?: number;
  /** Mid-stream faults: how many chunks are sent first. Default 2 (endWithoutDone: all but the final). */
  readonly afterChunks?: number;
  /** The error text of error500Before / error500During. */
  readonly message?: string;
  /** Endpoints the fault applies to. Default: /api/generate and /api/chat. */
  readonly paths?: readonly string[];
}

/** A fault a request has taken. */
export interface ActiveFault {
  readonly kind: Exclude<FaultKind, 'refuse'>;
  /** Undefined: just before the final chunk. */
  readonly afterChunks: number | undefined;
  readonly message: string;
}

export const QUEUE_FULL_MESSAGE = 'server busy, please try again.  maximum pending requests exceeded';
const DEFAULT_MESSAGE = 'llama runner process has terminated: exit status 2';
// The OpenAI dialect's chat endpoint too, so every switch means the same in both dialects.
const DEFAULT_PATHS = ['/api/generate', '/api/chat', '/v1/chat/completions'];

interface Armed {
  readonly spec: FaultSpec;
  readonly modelKey: string | undefined;
  remaining: number;
}

export class FaultBook {
  private armed: Armed[] = [];
  /** Counts faults assigned to requests, by kind (a mid-stream fault acts later, when its chunk comes). */
  readonly fired = new Map<FaultKind, number>();

  set(faults: readonly FaultSpec[]): void {
    for (const fault of faults) {
      if (!FAULT_KINDS.includes(fault.kind)) throw new Error(`unknown fault kind: ${String(fault.kind)}`);
    }
    this.armed = faults.map((spec) => ({
      spec,
      modelKey: spec.model === undefined ? undefined : modelKey(spec.model) ?? spec.model.toLowerCase(),
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
    }));
  }

  /** Whether the listener should be closed. */
  refusing(): boolean {
    return this.armed.some((a) => a.spec.kind === 'refuse');
  }

  /** The first fault matching this request, consuming one of its `times`. */
  take(path: string, requestModel: string | undefined): ActiveFault | undefined {
    const key = requestModel === undefined ? undefined : modelKey(requestModel);
    const hit = this.armed.find(
      (a) =>
        a.spec.kind !== 'refuse' &&
        a.remaining > 0 &&
        (a.spec.paths ?? DEFAULT_PATHS).includes(path) &&
        (a.modelKey === undefined || a.modelKey === key),
    );
    if (!hit || hit.spec.kind === 'refuse') return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed = this.armed.filter((a) => a !== hit);
    this.fired.set(hit.spec.kind, (this.fired.get(hit.spec.kind) ?? 0) + 1);
    const defaultAfter = hit.spec.kind === 'endWithoutDone' ? undefined : 2;
    return { kind: hit.spec.kind, afterChunks: hit.spec.afterChunks ?? defaultAfter, message: hit.spec.message ?? DEFAULT_MESSAGE };
  }
}
