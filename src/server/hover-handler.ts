// textDocument/hover and ponder/explain: the explanation of the solved range under the cursor.
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import type { ExplainResult, Position } from '../protocol/lsp';
import type { ServerContext } from './context';
import { explainMarkdown } from './explain-markdown';
import { isExplainParams } from './params';

export function handleHover(ctx: ServerContext, params: HoverParams): Hover | null {
  if (!ctx.settings.current.hoverEnabled) return null;
  const found = explainAt(ctx, params.textDocument.uri, params.position);
  if (!found) return null;
  return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: found.range };
}

export function handleExplain(ctx: ServerContext, raw: unknown): ExplainResult | null {
  if (!isExplainParams(raw)) return null;
  const found = explainAt(ctx, raw.uri, raw.position);
  return found ? { runId: found.runId, markdown: found.markdown, answer: found.answer } : null;
}

function explainAt(ctx: ServerContext, uri: string, position: Position) {
  const solved = ctx.ranges.at(uri, position);
  if (!solved) return undefined;
  const record = ctx.runs.get(solved.runId);
  // Still running, or failed: nothing to explain yet.
  if (!record?.result || record.result.error) return undefined;
  const markdown = explainMarkdown(record.result, record.best, record.tree !== undefined, ctx.hoverCommandLinks, record.stopping);
  return { runId: solved.runId, markdown, answer: record.result.answer, range: solved.range };
}
