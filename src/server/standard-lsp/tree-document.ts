// Writes a run's tree as Markdown to a private temporary folder, for window/showDocument. The file name
// is the run id, checked so it can never name a path outside that folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SolveResultParams } from '../../protocol/lsp';
import type { TreeSnapshot } from '../../protocol/tree';
import { treeMarkdown } from './tree-markdown';

export function treeFolder(): string {
  return join(tmpdir(), `ponder-trees-${process.getuid?.() ?? 'user'}`);
}

/** Writes the document and returns its file URI. */
export async function writeTreeDocument(runId: string, tree: TreeSnapshot, result: SolveResultParams | undefined): Promise<string> {
  if (!/^[\w-]{1,100}$/.test(runId)) throw new Error(`not a run id: ${JSON.stringify(runId.slice(0, 100))}`);
  const folder = treeFolder();
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, `ponder-tree-${runId}.md`);
  await writeFile(file, treeMarkdown(tree, result), { mode: 0o600 });
  return pathToFileURL(file).href;
}
