// Ollama behind a reverse proxy that serves it under a path (`https://host/ollama`, as web front ends for
// Ollama do): ponder.ollamaHost with that path reaches it, every request under the path.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { ServerHarness } from './harness';

describe('Ollama under a reverse proxy path', () => {
  let standin: Standin;
  let server: ServerHarness | undefined;
  const seen: string[] = [];
  const proxy = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push(`${req.method ?? ''} ${path}`);
    if (!path.startsWith('/ollama/')) {
      res.writeHead(404).end('not under /ollama');
      return;
    }
    const target = new URL(standin.url);
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: path.slice('/ollama'.length), headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  before(async () => {
    standin = await startStandin({ parallel: 2, tokenLatencyMs: 0 });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
  });

  after(async () => {
    await server?.close();
    const closed = once(proxy, 'close');
    proxy.close();
    proxy.closeAllConnections();
    await closed;
    await standin.close();
  });

  test('a solve reaches Ollama under the proxy path, and no request misses it', async () => {
    const { port } = proxy.address() as AddressInfo;
    server = await ServerHarness.start({ ollamaHost: `http://127.0.0.1:${port}/ollama`, parallelRequests: 2 });
    const result = await server.solve({ problem: 'What is 12 * 7 + 5?', mode: 'fixed', strategy: 'majority', samples: 4 });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '89');
    assert.ok(seen.some((line) => line.startsWith('POST /ollama/api/')), seen.join('\n'));
    assert.deepEqual(seen.filter((line) => !line.includes(' /ollama/')), [], 'requests outside the proxy path');
  });
});
