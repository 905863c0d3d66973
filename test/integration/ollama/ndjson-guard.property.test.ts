// Property tests of the NDJSON guard on Ollama response bodies (createCallFetch): whatever way the bytes of
// a stream are cut into network chunks — mid-line, mid-character — the lines that come out are exactly the
// valid lines that went in; a line that is not JSON ends the stream with MalformedStreamError after every
// valid line before it was delivered; an `{"error"}` line is noted for classification.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Agent } from 'undici';
import { cleanServerText, MalformedStreamError } from '../../../src/engine/model/errors';
import { createCallFetch, createPatientAgent } from '../../../src/engine/model/ollama/fetch';
import type { CallObservations } from '../../../src/engine/model/ollama/fetch';

/** JSON objects as Ollama sends them, one per line (JSON.stringify never emits a raw newline). */
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
const notJson = fc
  .string({ minLength: 1, maxLength: 20, unit: 'grapheme' })
  .filter((s) => !s.includes('\n') && s.trim() !== '' && !parses(s));

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Cuts `bytes` at the given fractions of its length (sorted, deduplicated). */
function cut(bytes: Buffer, fractions: readonly number[]): Buffer[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

describe('NDJSON guard of Ollama response bodies', () => {
  let server: Server;
  let agent: Agent;
  let url: string;
  let body: Buffer[] = [];

  before(async () => {
    // Writes the prepared chunks one at a time, each after the previous one was flushed.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const chunks = [...body];
      const next = (): void => {
        const chunk = chunks.shift();
        if (chunk === undefined) res.end();
        else res.write(chunk, () => setImmediate(next));
      };
      next();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
    agent = createPatientAgent();
  });
  after(async () => {
    await agent.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Reads the guarded body: the lines delivered and the error that ended it, if any. */
  async function readGuarded(chunks: Buffer[]): Promise<{ lines: string[]; error: unknown; observed: CallObservations }> {
    body = chunks;
    const observed: CallObservations = {};
    const controller = new AbortController();
    const callFetch = createCallFetch(agent, { endpoint: url, signal: controller.signal, ndjson: true, stallTimeoutMs: 5000 }, observed);
    const response = await callFetch(url, { method: 'POST', body: '{}' });
    assert.ok(response.body);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let error: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch (err) {
      error = err;
    }
    text += decoder.decode();
    return { lines: text.split('\n').filter((line) => line !== ''), error, observed };
  }

  test('any chunking of valid lines delivers exactly those lines, blank lines dropped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(jsonObject, { maxLength: 12 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        fc.boolean(),
        async (objects, fractions, blankLines) => {
          const text = objects.map((o) => `${JSON.stringify(o)}\n${blankLines ? '  \n' : ''}`).join('');
          const { lines, error } = await readGuarded(cut(Buffer.from(text), fractions));
          assert.equal(error, undefined);
          assert.deepEqual(lines.map((l) => JSON.parse(l) as unknown), objects.map((o) => JSON.parse(JSON.stringify(o)) as unknown));
        },
      ),
      { numRuns: 60 },
    );
  });

  test('a line that is not JSON ends the stream after the valid lines before it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(jsonObject, { maxLength: 8 }),
        notJson,
        fc.array(jsonObject, { maxLength: 4 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        async (beforeBad, bad, afterBad, fractions) => {
          const text = [...beforeBad.map((o) => JSON.stringify(o)), bad, ...afterBad.map((o) => JSON.stringify(o))].join('\n') + '\n';
          const { lines, error } = await readGuarded(cut(Buffer.from(text), fractions));
          assert.ok(error instanceof MalformedStreamError, `expected MalformedStreamError, got ${String(error)}`);
          // The error quotes the line cleaned of control characters, for showing to people.
          assert.equal(error.line, cleanServerText(bad, 80));
          assert.deepEqual(lines, beforeBad.map((o) => JSON.stringify(o)));
        },
      ),
      { numRuns: 60 },
    );
  });

  test('an error line is delivered and its message noted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonObject, { maxLength: 4 }), fc.string({ maxLength: 40 }), async (objects, message) => {
        const text = [...objects.map((o) => JSON.stringify(o)), JSON.stringify({ error: message })].join('\n') + '\n';
        const { lines, error, observed } = await readGuarded([Buffer.from(text)]);
        assert.equal(error, undefined);
        assert.equal(lines.length, objects.length + 1);
        assert.equal(observed.serverError, message);
      }),
      { numRuns: 30 },
    );
  });
});
