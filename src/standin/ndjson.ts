// Where a streaming endpoint's chunks go. Streamed (the server default): `application/x-ndjson`, one
// JSON object per line, each written (and so flushed) as it is produced, headers with the first chunk —
// so a request still waiting for a slot has received nothing, as with Ollama. Non-streamed: the chunks
// are merged and sent as one `application/json` object at the end. Write backpressure pauses the
// producer, as a blocked flush does in Ollama. The request's fault, if any, is acted out here.
import type { ServerResponse } from 'node:http';
import type { ActiveFault } from './faults';
import { encodeJson, NDJSON_CONTENT_TYPE, sendError, sendJson, JSON_CONTENT_TYPE } from './json';

export interface ChunkFormat<T> {
  toJson(item: T): unknown;
  /** The one object of a non-streamed response, from every chunk produced so far. */
  merge(items: readonly T[]): T;
}

const MALFORMED_LINE = '{"model": this line is not JSON';

export class ChunkSink<T> {
  private written = 0;
  private readonly collected: T[] = [];
  private faultFired = false;
  private malformedPending = false;
  /** The response was deliberately left hanging (stallMidStream). */
  stalled = false;
  /** A fault or error ended the response early. */
  faulted = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly stream: boolean,
    private readonly format: ChunkFormat<T>,
    private readonly signal: AbortSignal,
    private readonly fault: ActiveFault | undefined,
  ) {}

  /** Sends (or collects) one chunk. Returns false when the producer must stop. */
  async chunk(item: T, final: boolean): Promise<boolean> {
    if (this.signal.aborted || this.res.destroyed || this.res.writableEnded) return false;
    if (this.fault && !this.faultFired && this.isFaultDue(final)) {
      this.faultFired = true;
      if (!this.actOnFault()) return false;
    }
    if (!this.stream) {
      this.collected.push(item);
      this.written += 1;
      if (final) this.finishSingle();
      return true;
    }
    this.startStream();
    if (this.malformedPending) {
      this.malformedPending = false;
      this.res.write(`${MALFORMED_LINE}\n`);
    }
    const flushed = this.res.write(`${encodeJson(this.format.toJson(item))}\n`);
    this.written += 1;
    if (final) this.res.end();
    else if (!flushed) await this.drained();
    return !this.signal.aborted;
  }

  /** An error: a proper status before anything was sent, else one `{"error"}` line and the end. */
  fail(status: number, message: string): void {
    this.faulted = true;
    if (this.res.destroyed || this.res.writableEnded) return;
    if (!this.res.headersSent) {
      sendError(this.res, status, message);
      return;
    }
    this.res.end(`${encodeJson({ error: message })}\n`);
  }

  /** Ends a 200 response with no final `done` chunk (what Ollama does when its runner stops answering). */
  endWithoutDone(): void {
    this.faulted = true;
    if (this.res.destroyed || this.res.writableEnded) return;
    if (this.stream) {
      this.startStream();
      this.res.end();
    } else {
      sendJson(this.res, 200, this.format.toJson(this.format.merge(this.collected)));
    }
  }

  private isFaultDue(final: boolean): boolean {
    const after = this.fault?.afterChunks;
    return final || (after !== undefined && this.written >= after);
  }

  /** Returns whether the chunk at hand should still be written. */
  private actOnFault(): boolean {
    const fault = this.fault!;
    switch (fault.kind) {
      case 'malformedLine':
        this.malformedPending = true;
        return true;
      case 'stallMidStream':
        this.stalled = true;
        this.faulted = true;
        return false;
      case 'dropMidStream':
        this.faulted = true;
        this.res.socket?.destroy();
        this.res.destroy();
        return false;
      case 'error500During':
        this.fail(500, fault.message);
        return false;
      case 'endWithoutDone':
        this.endWithoutDone();
        return false;
      default:
        // "before" faults were acted on before the response began.
        return true;
    }
  }

  private startStream(): void {
    if (!this.res.headersSent) this.res.writeHead(200, { 'Content-Type': NDJSON_CONTENT_TYPE });
  }

  private finishSingle(): void {
    if (this.malformedPending) {
      this.res.writeHead(200, { 'Content-Type': JSON_CONTENT_TYPE });
      this.res.end(`${MALFORMED_LINE}\n`);
      return;
    }
    sendJson(this.res, 200, this.format.toJson(this.format.merge(this.collected)));
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}
