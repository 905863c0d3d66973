// Putting an answer into a document: below the selection (the command), or below the problem a run came from
// (the tree view's and the result notification's "Insert Answer").
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { explainRequest } from '../lsp-ext';
import { paragraphAt, toVsRange } from './problem-text';

/** The answer line as it is inserted; Markdown documents get the label in bold. */
export function answerLine(answer: string, languageId: string): string {
  const single = answer.replace(/\s*\n\s*/g, ' ').trim();
  return languageId === 'markdown' ? `**Answer:** ${single}` : `Answer: ${single}`;
}

/** "Insert Answer Below Selection": the answer of the run solved at the cursor (or in this document). */
export async function insertAnswerBelowSelection(ctx: Ctx): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('Ponder: open the document to insert the answer into.');
    return false;
  }
  const uri = editor.document.uri.toString();
  let answer: string | null | undefined;
  try {
    const client = await ctx.client();
    const explained = await ctx.log.timed('ponder/explain', () =>
      client.sendRequest(explainRequest, { uri, position: { line: editor.selection.active.line, character: editor.selection.active.character } }),
    );
    answer = explained?.answer;
  } catch (error) {
    ctx.log.error('ponder/explain failed; using the latest run of this document', error);
  }
  answer ??= ctx.runs.latestFor(uri)?.result?.answer;
  if (answer === null || answer === undefined) {
    void vscode.window.showWarningMessage('Ponder: no answer here yet. Solve the problem first (Ponder: Solve Selection).');
    return false;
  }
  const below = editor.selection.isEmpty ? (paragraphAt(editor.document, editor.selection.active.line) ?? editor.selection) : editor.selection;
  return insertBelowLine(editor.document, below.end.line, answer);
}

/** Inserts the answer of `runId` below the problem it came from (or into the active editor). */
export async function insertAnswerOfRun(ctx: Ctx, runId: string, answer: string | null | undefined): Promise<boolean> {
  const record = ctx.runs.get(runId);
  const text = answer ?? record?.result?.answer;
  if (text === null || text === undefined) {
    void vscode.window.showWarningMessage('Ponder: this run has no answer to insert.');
    return false;
  }
  if (record?.uri !== undefined) {
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(vscode.Uri.parse(record.uri));
    } catch (error) {
      // The problem's document was deleted, or was an untitled one since closed: the answer is not lost.
      ctx.log.error(`cannot open ${record.uri} to insert the answer`, error);
      return copyInstead(text, 'the document the problem came from cannot be opened any more');
    }
    await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
    const line = record.range ? Math.min(toVsRange(record.range).end.line, document.lineCount - 1) : document.lineCount - 1;
    return insertBelowLine(document, line, text);
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage('Ponder: no editor is open, so the answer was copied to the clipboard.');
    return false;
  }
  return insertBelowLine(editor.document, editor.selection.end.line, text);
}

async function insertBelowLine(document: vscode.TextDocument, line: number, answer: string): Promise<boolean> {
  // A document of a read-only file system (git's side of a diff, a package's sources, a remote that refuses
  // writes) still takes a workspace edit in memory, which then can never be saved: the answer would look
  // inserted and be lost. Such a document gets the answer on the clipboard instead, and says so.
  if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false) return copyInstead(answer, 'this document is read-only');
  const end = document.lineAt(line).range.end;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, end, `\n\n${answerLine(answer, document.languageId)}`);
  if (await vscode.workspace.applyEdit(edit)) return true;
  return copyInstead(answer, 'this document could not be edited');
}

/** The answer on the clipboard and a notification saying why it was not inserted; false: nothing inserted. */
async function copyInstead(answer: string, why: string): Promise<boolean> {
  await vscode.env.clipboard.writeText(answer);
  void vscode.window.showWarningMessage(`Ponder: ${why}, so the answer was copied to the clipboard.`);
  return false;
}
