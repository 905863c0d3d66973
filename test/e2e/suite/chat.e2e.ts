// Ponder in chat and agent mode, inside the extension host against the stand-in: the language-model tool
// is listed and answers through vscode.lm.invokeTool, refuses bad input with a message for the agent, and
// the @ponder participant's handler, called with VS Code's types, streams progress and the answer with
// Ponder's buttons, and explains the last run.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ponder } from './helpers';

const PROBLEM = 'What is (17*23)+5-9?';

/** A ChatResponseStream that records what the handler streamed. */
function recordingStream() {
  const markdown: string[] = [];
  const progress: string[] = [];
  const buttons: vscode.Command[] = [];
  const stream = {
    markdown: (value: string | vscode.MarkdownString) => void markdown.push(typeof value === 'string' ? value : value.value),
    progress: (value: string) => void progress.push(value),
    button: (command: vscode.Command) => void buttons.push(command),
    anchor: () => undefined,
    filetree: () => undefined,
    reference: () => undefined,
    push: () => undefined,
  };
  return { stream: stream as unknown as vscode.ChatResponseStream, markdown, progress, buttons };
}

function chatRequest(prompt: string, command: string | undefined): vscode.ChatRequest {
  return { prompt, command, references: [], toolReferences: [], toolInvocationToken: undefined as never, model: undefined as never };
}

suite('chat and agent mode', () => {
  test('vscode.lm.tools lists ponder_solve with its input schema', async () => {
    await ponder();
    const tool = vscode.lm.tools.find((t) => t.name === 'ponder_solve');
    assert.ok(tool, `tools: ${vscode.lm.tools.map((t) => t.name).join(', ')}`);
    assert.deepEqual((tool.inputSchema as { required?: string[] }).required, ['problem']);
  });

  test('vscode.lm.invokeTool returns the answer from the stand-in', async () => {
    const source = new vscode.CancellationTokenSource();
    const result = await vscode.lm.invokeTool('ponder_solve', { input: { problem: PROBLEM }, toolInvocationToken: undefined }, source.token);
    const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
    assert.match(text, /^Answer: 387$/m, text);
    assert.match(text, /^Confidence: \d+%/m);
    // The parts of the tokens follow in brackets when the run counted them (thinking, verification).
    assert.match(text, /^Cost: \d+ of [\d,]+ tokens(?: \([^)]*\))? · \d+ calls/m);
    source.dispose();
  });

  test('bad input and a budget over the user\'s ceiling are refused with what is wrong', async () => {
    const api = await ponder();
    const token = new vscode.CancellationTokenSource().token;
    await assert.rejects(Promise.resolve(vscode.lm.invokeTool('ponder_solve', { input: { problem: '  ' }, toolInvocationToken: undefined }, token)), /"problem" must be the text/);
    const over = api.ctx.settings.maxTokensPerProblem + 1;
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('ponder_solve', { input: { problem: PROBLEM, maxTokens: over }, toolInvocationToken: undefined }, token)),
      /"maxTokens" must be a whole number from 64 to/,
    );
  });

  test('the @ponder handler streams progress and the answer with buttons, then /explain explains it', async () => {
    const api = await ponder();
    const source = new vscode.CancellationTokenSource();
    const solved = recordingStream();
    const result = (await api.chat.chatHandler(chatRequest(PROBLEM, 'solve'), { history: [] }, solved.stream, source.token)) as { metadata: { runId?: string } };
    assert.ok(solved.progress.length >= 1, 'progress streamed');
    assert.match(solved.markdown.join('\n'), /Answer: \*\*387\*\* \(confidence \d+%\)/);
    const runId = result.metadata.runId;
    assert.ok(runId);
    assert.deepEqual(solved.buttons.map((b) => b.command), ['ponder.showReasoningTree', 'ponder.solveAgainWithMoreBudget']);
    assert.deepEqual(solved.buttons[0]?.arguments, [runId]);

    const explained = recordingStream();
    await api.chat.chatHandler(chatRequest('', 'explain'), { history: [] }, explained.stream, source.token);
    const text = explained.markdown.join('\n');
    assert.match(text, /Best chain/);
    assert.match(text, /\| 387 \| \d+ \| \d+% \|/);
    source.dispose();
  });
});
