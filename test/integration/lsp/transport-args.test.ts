// `ponder lsp` started as editors start a language server: with only the client's process id (the transport
// left to the default), stdio is used, and the server answers the handshake and shuts down cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

for (const args of [['--clientProcessId', String(process.pid)], [`--clientProcessId=${process.pid}`]]) {
  test(`ponder lsp ${args.join(' ')} serves on stdio`, { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'lsp', ...args], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(init.capabilities.codeActionProvider, true, stderr);
      await connection.sendNotification(InitializedNotification.type, {});
      const exited = once(child, 'exit');
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0, stderr);
    } finally {
      connection.dispose();
      child.kill();
    }
  });
}
