// Where a streamed chat completion goes: Server-Sent Events, `data: <json>\n\n` per chunk and
// `data: [DONE]\n\n` at the end, as vLLM's chat_completion_stream_generator yields them
// (vllm/entrypoints/openai/serving_chat.py @ 003fe593). Headers go out with the first chunk, so a
// request still waiting for a slot has received nothing. The request's fault, if any, is acted out
// here, so the stand-in's fault switches mean the same thing in both dialects:
// - stallMidStream: `afterChunks` events, then silence, the response never ends.
// - dropMidStream: the socket is destroyed after `afterChunks` events.
// - error500During: one `data: {"error": {...}}` event and `data: [DONE]` (status stays 200), as vLLM
//   does when the engine fails mid-stream.
// - malformedLine: an event whose data is not JSON, then the stream continues.
// - endWithoutDone: the stream ends cleanly after `afterChunks` events (default: just before the
//   finishing chunks), with neither a finish_reason nor `[DONE]`.
import type { ServerResponse } from 'node:http';
import type { ActiveFault } from '../faults';
import { errorBody, sendOpenAIError } from './wire';

const MALFORMED_DATA = '{"id": this event is not JSON';

export class SseSink {
  private written = 0;
  private faultFired = false;
  stalled = false;
  faulted = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly signal: AbortSignal,
    private readonly fault: ActiveFault | undefined,
  ) {}

  /** Sends one event. `finishing`: the choices' final chunks (mid-stream faults fire before them at the latest). */
  async event(value: unknown, finishing: boolean): Promise<boolean> {
    if (this.signal.aborted || this.res.destroyed || this.res.writableEnded) return false;
    if (this.fault && !this.faultFired && this.isDue(finishing)) {
      this.faultFired = true;
      if (!this.act()) return false;
    }
    this.start();
    const flushed = this.res.write(`data: ${JSON.stringify(value)}\n\n`);
    this.written += 1;
    if (!flushed) await new Promise<void>((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      this.res.once('drain', done);
      this.signal.addEventListener('abort', done, { once: true });
    });
    return !this.signal.aborted;
  }

  /** `data: [DONE]` and the end of the response. */
  done(): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    this.start();
    this.res.end('data: [DONE]\n\n');
  }

  /** An error: a proper status before anything was sent, else an error event and [DONE]. */
  fail(status: number, message: string): void {
    this.faulted = true;
    if (this.res.destroyed || this.res.writableEnded) return;
    if (!this.res.headersSent) {
      sendOpenAIError(this.res, status, message);
      return;
    }
    this.res.end(`data: ${JSON.stringify(errorBody(status, message))}\n\ndata: [DONE]\n\n`);
  }

  private start(): void {
    if (this.res.headersSent) return;
    // FastAPI's StreamingResponse(media_type="text/event-stream").
    this.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  }

  private isDue(finishing: boolean): boolean {
    const after = this.fault?.afterChunks;
    return finishing || (after !== undefined && this.written >= after);
  }

  /** Returns whether the event at hand should still be written. */
  private act(): boolean {
    const fault = this.fault!;
    switch (fault.kind) {
      case 'stallMidStream':
        this.start();
        this.stalled = true;
        this.faulted = true;
        return false;
      case 'dropMidStream':
        this.faulted = true;
        this.res.destroy();
        return false;
      case 'error500During':
        this.start();
        this.fail(500, fault.message);
        return false;
      case 'malformedLine':
        this.start();
        this.res.write(`data: ${MALFORMED_DATA}\n\n`);
        return true;
      case 'endWithoutDone':
        this.start();
        this.faulted = true;
        this.res.end();
        return false;
      default:
        return true;
    }
  }
}
