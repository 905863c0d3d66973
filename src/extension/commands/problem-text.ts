// Which problem to solve: the selection; with no selection, the paragraph around the cursor; with neither,
// one typed into an input box.
import * as vscode from 'vscode';
import type { Range } from '../../protocol/lsp';

export interface Problem {
  text: string;
  uri?: string;
  range?: Range;
  version?: number;
}

export async function problemFromEditor(editor: vscode.TextEditor | undefined): Promise<Problem | undefined> {
  if (editor) {
    const range = editor.selection.isEmpty ? paragraphAt(editor.document, editor.selection.active.line) : editor.selection;
    const text = range ? editor.document.getText(range) : '';
    if (range && text.trim() !== '') {
      return { text, uri: editor.document.uri.toString(), range: toLspRange(range), version: editor.document.version };
    }
  }
  const typed = await vscode.window.showInputBox({
    title: 'Ponder: Solve',
    prompt: 'Select a problem in an editor, or type one here',
    placeHolder: 'e.g. What is the sum of the first 20 odd numbers?',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Type a problem to solve' : undefined),
  });
  return typed === undefined || typed.trim() === '' ? undefined : { text: typed };
}

/** The run of non-blank lines around `line`, or undefined on a blank line. */
export function paragraphAt(document: vscode.TextDocument, line: number): vscode.Range | undefined {
  const blank = (n: number): boolean => document.lineAt(n).isEmptyOrWhitespace;
  if (blank(line)) return undefined;
  let first = line;
  let last = line;
  while (first > 0 && !blank(first - 1)) first -= 1;
  while (last < document.lineCount - 1 && !blank(last + 1)) last += 1;
  return new vscode.Range(first, 0, last, document.lineAt(last).text.length);
}

export function toLspRange(range: vscode.Range): Range {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
