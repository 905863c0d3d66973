// Exporting a run to a file the user picks: the snapshot as JSON, or a Markdown report.
import * as vscode from 'vscode';
import type { TreeSnapshot } from '../../protocol/tree';
import { buildMarkdownExport } from '../../shared/export-markdown';
import { exportFileName } from '../export-name';

export async function exportRun(snapshot: TreeSnapshot, format: 'json' | 'markdown'): Promise<boolean> {
  const extension = format === 'json' ? 'json' : 'md';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = exportFileName(snapshot.problem, extension, new Date());
  const target = await vscode.window.showSaveDialog({
    title: 'Ponder: Export Run',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
  });
  if (!target) return false;
  const text = format === 'json' ? `${JSON.stringify(snapshot, null, 2)}\n` : buildMarkdownExport(snapshot);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Ponder: run exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then(async (choice) => {
    // In the first column: the tree panel, beside it, stays in view.
    if (choice === 'Open') await vscode.window.showTextDocument(target, { preview: false, viewColumn: vscode.ViewColumn.One });
  });
  return true;
}
