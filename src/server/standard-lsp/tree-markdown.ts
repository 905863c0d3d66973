// A run's reasoning tree as a Markdown document, for editors that can open a file but not Ponder's tree
// view. Every piece of problem and model text goes through inertMarkdown (no link, HTML or heading can
// form from it); the chains are a nested list under the problem, answers and decisions before them.
import type { SolveResultParams } from '../../protocol/lsp';
import type { TreeNode, TreeSnapshot } from '../../protocol/tree';
import { inertMarkdown } from '../../shared/inert-markdown';

/** Nodes listed before the rest are summarised: a document an editor opens at once. */
const MAX_NODES = 2000;

export function treeMarkdown(tree: TreeSnapshot, result: SolveResultParams | undefined): string {
  const lines: string[] = ['# Ponder reasoning tree', ''];
  lines.push(`**Problem:** ${inertMarkdown(tree.problem, 4000)}`, '');
  if (result) {
    const answer = result.answer === null ? '_no answer_' : `**${inertMarkdown(result.answer, 200)}**`;
    lines.push(`**Answer:** ${answer} · confidence ${Math.round(result.confidence * 100)}%${result.cancelled ? ' · cancelled' : ''}`, '');
  }
  const usage = tree.usage;
  lines.push(
    `Strategy ${inertMarkdown(tree.strategy, 60)} · ${usage.generatedTokens} of ${usage.tokenCap} tokens generated · ` +
      `${usage.promptTokens} prompt tokens · ${usage.calls} calls · ${(usage.wallMs / 1000).toFixed(1)} s`,
    '',
  );
  if (tree.answers.length > 0) {
    lines.push('## Answers', '', '| answer | votes | share |', '|---|---|---|');
    for (const tally of tree.answers) lines.push(`| ${inertMarkdown(tally.answer, 120)} | ${tally.votes} | ${Math.round(tally.share * 100)}% |`);
    lines.push('');
  }
  if (tree.decisions.length > 0) {
    lines.push('## Decisions', '');
    for (const decision of tree.decisions) lines.push(`- ${inertMarkdown(decision.message, 600)}`);
    lines.push('');
  }
  lines.push('## Chains', '');
  const children = new Map<string | null, TreeNode[]>();
  for (const node of tree.nodes) {
    const siblings = children.get(node.parentId) ?? [];
    siblings.push(node);
    children.set(node.parentId, siblings);
  }
  const root = tree.nodes.find((node) => node.kind === 'problem');
  let listed = 0;
  // Iterative depth-first walk: a deep chain must not overflow the stack.
  const stack: { node: TreeNode; depth: number }[] = (children.get(root?.id ?? null) ?? []).map((node) => ({ node, depth: 0 })).reverse();
  while (stack.length > 0 && listed < MAX_NODES) {
    const { node, depth } = stack.pop() as { node: TreeNode; depth: number };
    if (node.kind === 'problem') continue;
    listed += 1;
    lines.push(`${'  '.repeat(depth)}- ${describe(node)}`);
    for (const child of [...(children.get(node.id) ?? [])].reverse()) stack.push({ node: child, depth: depth + 1 });
  }
  const total = tree.nodes.filter((node) => node.kind !== 'problem').length;
  if (total > listed) lines.push('', `… ${total - listed} more nodes not listed.`);
  lines.push('');
  return lines.join('\n');
}

function describe(node: TreeNode): string {
  const score = node.score === undefined ? '' : ` \`${node.score.toFixed(2)}\``;
  const status = node.status === 'done' || node.status === 'streaming' ? '' : ` _(${node.status}${node.reason ? `: ${inertMarkdown(node.reason, 80)}` : ''})_`;
  const text = node.kind === 'answer' && node.answer !== undefined ? `answer **${inertMarkdown(node.answer, 200)}**` : inertMarkdown(node.text, 800);
  return `${node.kind === 'step' || node.kind === 'answer' ? '' : `${node.kind}: `}${text}${score}${status}`;
}
