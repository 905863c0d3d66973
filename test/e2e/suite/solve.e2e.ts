// Solving a problem of the fixture document against the Ollama stand-in (ponder.ollamaHost in the user
// settings), then the hover over it, inserting the answer, and cancelling a large search.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SolveResultParams } from '../../../src/protocol/lsp';
import { ponder, selectProblem, waitFor, withUserSetting } from './helpers';

// The simulated reasoner behind the stand-in solves arithmetic; its word problems may end without an answer.
const PROBLEM = '12 * (7 + 5)';

suite('solve against the stand-in', () => {
  let result: SolveResultParams | undefined;

  suiteSetup(async () => {
    const api = await ponder();
    const host = api.ctx.settings.ollamaHost;
    assert.ok(!host.includes('11434') || process.env.PONDER_E2E_ALLOW_REAL_OLLAMA === '1', `the tests expect the stand-in, not ${host}`);
  });

  test('Solve Selection returns an answer, opens the tree view and records timings', async () => {
    const api = await ponder();
    await selectProblem(PROBLEM);
    const started = Date.now();
    result = await vscode.commands.executeCommand<SolveResultParams | undefined>('ponder.solveSelection');
    assert.ok(result, 'the solve returned nothing (see the Ponder log)');
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.cancelled, false);
    assert.ok(result.answer !== null && result.answer !== '', 'an answer was reached');
    assert.ok(result.usage.generatedTokens > 0);
    console.log(`solve took ${Date.now() - started} ms: ${result.answer} (${result.strategy}, ${result.usage.generatedTokens} tokens)`);
    assert.equal(api.treePanel.visibleRunId, result.runId);
    assert.equal(api.ctx.runs.get(result.runId)?.mirror?.snapshot.finished, true);
  });

  test('the hover over the solved problem shows the answer with only Ponder command links enabled', async () => {
    assert.ok(result?.answer, 'needs the previous test');
    const { editor, range } = await selectProblem(PROBLEM);
    const position = range.start.translate(0, 2);
    const hovers = await waitFor('a Ponder hover', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      return found.find((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('ponder.showReasoningTree')));
    });
    const markdown = hovers.contents.find((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes(result!.answer!));
    assert.ok(markdown, 'the hover names the answer');
    assert.equal(markdown.supportHtml, false);
    assert.deepEqual(markdown.isTrusted, { enabledCommands: ['ponder.showReasoningTree', 'ponder.solveAgainWithMoreBudget'] });
  });

  test('Insert Answer Below Selection writes the answer under the problem', async () => {
    assert.ok(result?.answer, 'needs the first test');
    const { editor, range } = await selectProblem(PROBLEM);
    try {
      const inserted = await vscode.commands.executeCommand<boolean>('ponder.insertAnswer');
      assert.equal(inserted, true);
      const below = editor.document.lineAt(range.end.line + 2).text;
      assert.equal(below, `**Answer:** ${result.answer}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('Insert Answer into a read-only document copies the answer and says so', async () => {
    // A file system that refuses writes, as git's and other read-only providers do: the problem is solved
    // where it stands, and the answer, which cannot go below it, goes to the clipboard.
    const uri = vscode.Uri.parse('ponder-readonly:/problems.md');
    const registration = vscode.workspace.registerFileSystemProvider('ponder-readonly', readOnlyFile(uri, `What is ${PROBLEM}?\n`), { isReadonly: true });
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      editor.selection = new vscode.Selection(0, 0, 0, editor.document.lineAt(0).text.length);
      const solved = await vscode.commands.executeCommand<SolveResultParams | undefined>('ponder.solveSelection');
      assert.ok(solved?.answer, `no answer: ${solved?.error?.message ?? 'nothing returned'}`);
      // From the command palette (below the selection) and from the result's button (below the run's problem).
      for (const args of [[], [solved.runId]]) {
        // The tree panel opened beside took the focus; the palette command acts on the focused editor.
        await vscode.window.showTextDocument(editor.document, { preview: false });
        await vscode.env.clipboard.writeText('');
        const inserted = await vscode.commands.executeCommand<boolean>('ponder.insertAnswer', ...args);
        assert.equal(inserted, false, `insertAnswer(${args.join(', ')})`);
        assert.equal(editor.document.getText(), `What is ${PROBLEM}?\n`, 'the read-only document changed');
        assert.equal(await vscode.env.clipboard.readText(), solved.answer);
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      registration.dispose();
    }
  });

  test('Cancel stops a large search and keeps its partial tree', async () => {
    const api = await ponder();
    await withUserSetting('mode', 'fixed', () =>
      withUserSetting('fixedSamples', 256, async () => {
        await waitFor('fixed mode', () => api.ctx.settings.mode === 'fixed' && api.ctx.settings.fixedSamples === 256);
        await selectProblem('train');
        const running = vscode.commands.executeCommand<SolveResultParams | undefined>('ponder.solveSelection');
        await waitFor('the run to start', () => api.ctx.operations.list().find((op) => op.runId !== undefined));
        const started = Date.now();
        assert.equal(await vscode.commands.executeCommand('ponder.cancel'), 1);
        const cancelled = await running;
        console.log(`cancel answered in ${Date.now() - started} ms`);
        assert.ok(cancelled === undefined || cancelled.cancelled, 'the run ended as cancelled');
        assert.equal(api.ctx.operations.list().length, 0);
      }),
    );
  });

  test('a thinking model with ponder.think and ponder.thinkBudget: each sample’s trace is kept on its step in the tree panel’s run', async () => {
    const api = await ponder();
    await withUserSetting('model', 'qwen3:1.7b', () =>
      withUserSetting('think', 'on', () =>
        withUserSetting('thinkBudget', 128, () =>
          withUserSetting('mode', 'fixed', () =>
            withUserSetting('fixedStrategy', 'majority', () =>
              withUserSetting('fixedSamples', 2, async () => {
                await waitFor('the thinking settings', () => api.ctx.settings.think === 'on' && api.ctx.settings.thinkBudget === 128 && api.ctx.settings.fixedSamples === 2);
                await selectProblem(PROBLEM);
                const solved = await vscode.commands.executeCommand<SolveResultParams | undefined>('ponder.solveSelection');
                assert.ok(solved && !solved.error, solved?.error?.message ?? 'no result');
                const tree = api.ctx.runs.get(solved.runId)?.mirror?.snapshot;
                assert.ok(tree?.finished, 'the panel’s copy of the run is complete');
                const traces = tree.nodes.filter((node) => (node.thinking ?? '') !== '');
                assert.ok(traces.length >= 1, 'a thinking trace reached the tree panel');
                console.log(`thinking run: ${solved.answer} (${traces.length} traces, ${solved.usage.generatedTokens} tokens, thinking ${String(solved.usage.thinkingTokens)})`);
              }),
            ),
          ),
        ),
      ),
    );
  });

  test('figures: time to the first tree node, and the extension host stays nearly idle over a 64-sample search', async () => {
    const api = await ponder();
    await withUserSetting('mode', 'fixed', () =>
      withUserSetting('fixedStrategy', 'majority', () =>
        withUserSetting('fixedSamples', 64, async () => {
          await waitFor('fixed mode, 64 samples', () => api.ctx.settings.mode === 'fixed' && api.ctx.settings.fixedSamples === 64);
          await selectProblem(PROBLEM);
          let firstNodeMs: number | undefined;
          const started = performance.now();
          const cpuBefore = process.cpuUsage();
          const listener = api.ctx.runs.onDidReceiveDeltas(({ deltas }) => {
            if (firstNodeMs === undefined && deltas.some((d) => d.type === 'nodeAdded')) firstNodeMs = performance.now() - started;
          });
          try {
            const solved = await vscode.commands.executeCommand<SolveResultParams | undefined>('ponder.solveSelection');
            const wallMs = performance.now() - started;
            const cpu = process.cpuUsage(cpuBefore);
            const cpuMs = (cpu.user + cpu.system) / 1000;
            assert.ok(solved && !solved.error, solved?.error?.message ?? 'no result');
            console.log(
              `64-sample search: ${Math.round(wallMs)} ms wall, first tree node after ${Math.round(firstNodeMs ?? -1)} ms, ` +
                `extension host CPU ${Math.round(cpuMs)} ms (${((100 * cpuMs) / wallMs).toFixed(1)}% of one core), ${solved.usage.generatedTokens} tokens`,
            );
            assert.ok(firstNodeMs !== undefined, 'tree nodes arrived');
            assert.ok(cpuMs < wallMs * 0.5, `the extension host used ${Math.round(cpuMs)} ms of CPU in ${Math.round(wallMs)} ms`);
          } finally {
            listener.dispose();
          }
        }),
      ),
    );
  });
});

/** A file system holding one file, read-only. */
function readOnlyFile(uri: vscode.Uri, text: string): vscode.FileSystemProvider {
  const content = new TextEncoder().encode(text);
  const refuse = (): never => {
    throw vscode.FileSystemError.NoPermissions(uri);
  };
  return {
    onDidChangeFile: new vscode.EventEmitter<vscode.FileChangeEvent[]>().event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: (target) => {
      if (target.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
      if (target.path !== uri.path) throw vscode.FileSystemError.FileNotFound(target);
      return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: content.length };
    },
    readDirectory: () => [[uri.path.slice(1), vscode.FileType.File]],
    readFile: (target) => {
      if (target.path !== uri.path) throw vscode.FileSystemError.FileNotFound(target);
      return content;
    },
    createDirectory: refuse,
    writeFile: refuse,
    delete: refuse,
    rename: refuse,
  };
}
