// `ponder lsp --stdio` driven as a generic editor would, with vscode-languageserver-protocol and standard
// LSP methods only (no ponder/* method): initialize, didOpen, codeAction, executeCommand with the server's
// window/workDoneProgress, window/showMessage, hover on the solved range, and the tree opened as a Markdown
// document with window/showDocument. The model is the Ollama stand-in.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import type { CodeAction, MarkupContent, ProtocolConnection, ShowMessageParams } from 'vscode-languageserver-protocol/node';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';

const URI = 'file:///work/problems.txt';
const TEXT = 'Homework\nWhat is (17*23)+5-9?\n';
const PROBLEM_RANGE = { start: { line: 1, character: 0 }, end: { line: 1, character: 20 } };

describe('ponder lsp --stdio through standard LSP only', () => {
  let standin: Standin;
  let child: ChildProcessWithoutNullStreams;
  let connection: ProtocolConnection;
  const progressTokens: (string | number)[] = [];
  const progress: { token: string | number; value: { kind: string; message?: string } }[] = [];
  const messages: ShowMessageParams[] = [];
  const shownDocuments: string[] = [];

  before(async () => {
    standin = await startStandin({ parallel: 4 });
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'lsp', '--stdio'], { stdio: 'pipe' });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => void progressTokens.push(token));
    connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string; message?: string } }) => void progress.push(params));
    connection.onNotification(ShowMessageNotification.type, (params) => void messages.push(params));
    connection.onRequest(ShowDocumentRequest.type, ({ uri }) => {
      shownDocuments.push(uri);
      return { success: true };
    });
    connection.listen();
    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        window: { workDoneProgress: true, showDocument: { support: true } },
        textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [] } } }, hover: { contentFormat: ['markdown'] } },
      },
      initializationOptions: { ponder: { ollamaHost: standin.url, parallelRequests: 4 } },
    });
    assert.equal(init.capabilities.codeActionProvider, true);
    assert.ok(init.capabilities.executeCommandProvider?.commands.length);
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'plaintext', version: 1, text: TEXT } });
  });

  after(async () => {
    const exited = once(child, 'exit');
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    await exited;
    connection.dispose();
    await standin.close();
    await Promise.all(shownDocuments.map((uri) => rm(fileURLToPath(uri), { force: true })));
  });

  const actionsAt = async (range: typeof PROBLEM_RANGE): Promise<CodeAction[]> => {
    const actions = await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range, context: { diagnostics: [] } });
    // The client declared code action literals, so every item is a CodeAction (a bare Command has a string command).
    return (actions ?? []).filter((a): a is CodeAction => typeof a.command !== 'string');
  };

  test('code action → executeCommand solves the selection to 387, with progress, a message and a hover', async () => {
    const actions = await actionsAt(PROBLEM_RANGE);
    const solveAction = actions.find((a) => a.title === 'Solve with Ponder');
    assert.ok(solveAction?.command, JSON.stringify(actions));
    const result = (await connection.sendRequest(ExecuteCommandRequest.type, {
      command: solveAction.command.command,
      arguments: solveAction.command.arguments ?? [],
    })) as { answer: string | null; confidence: number; usage: { calls: number } };
    assert.equal(result.answer, '387');
    assert.ok(result.confidence > 0.5);

    assert.equal(progressTokens.length, 1, 'the server created one work-done progress');
    const kinds = progress.filter((p) => p.token === progressTokens[0]).map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(kinds.includes('report'), kinds.join(','));

    const answerMessage = messages.find((m) => m.message.startsWith('Ponder: 387 '));
    assert.ok(answerMessage, JSON.stringify(messages));
    assert.equal(answerMessage.type, 3); // MessageType.Info

    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 5 } });
    assert.ok(hover);
    assert.match((hover.contents as MarkupContent).value, /answer: \*\*387\*\*/);
    // Another editor cannot follow VS Code's command: links; the hover names the code action instead.
    assert.doesNotMatch((hover.contents as MarkupContent).value, /command:/);
    assert.match((hover.contents as MarkupContent).value, /code action "Show Ponder's reasoning tree"/);
    assert.deepEqual(hover.range, PROBLEM_RANGE);
  });

  test("the solved range offers the tree, opened as a Markdown document with window/showDocument", async () => {
    const actions = await actionsAt({ start: { line: 1, character: 3 }, end: { line: 1, character: 3 } });
    assert.ok(!actions.some((a) => a.title === 'Solve with Ponder'), 'an empty selection is not offered a solve');
    const treeAction = actions.find((a) => a.title === "Show Ponder's reasoning tree");
    assert.ok(treeAction?.command, JSON.stringify(actions));
    const shown = (await connection.sendRequest(ExecuteCommandRequest.type, {
      command: treeAction.command.command,
      arguments: treeAction.command.arguments ?? [],
    })) as { uri: string };
    assert.deepEqual(shownDocuments, [shown.uri]);
    const markdown = await readFile(fileURLToPath(shown.uri), 'utf8');
    assert.match(markdown, /^# Ponder reasoning tree$/m);
    assert.match(markdown, /\*\*Answer:\*\* \*\*387\*\*/);
    assert.match(markdown, /^\| 387 \| \d+ \| \d+% \|$/m);
    assert.match(markdown, /^- .+/m);
  });

  test('a command with bad arguments is refused with an error that says what it needs', async () => {
    await assert.rejects(
      connection.sendRequest(ExecuteCommandRequest.type, { command: 'ponder.lsp.solveRange', arguments: [{ uri: URI }] }),
      /needs one argument \{ uri, range \}/,
    );
    await assert.rejects(
      connection.sendRequest(ExecuteCommandRequest.type, { command: 'ponder.lsp.showTree', arguments: [{ runId: '../../etc/passwd' }] }),
      /No run/,
    );
  });
});
