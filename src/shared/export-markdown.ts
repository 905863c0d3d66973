// The run as a Markdown document (problem, answer, chosen chain, vote table, decisions, cost). Pure: no DOM,
// so Node tests and any host can call it.
// The report is inert: every piece of text from the model or the problem (answers, steps, decisions, which
// quote answers) has its LaTeX shown as readable Unicode and then whatever could start Markdown or HTML
// escaped (`readable-inert-markdown.ts`), so any renderer shows the text the model wrote and acts on none of
// it — no HTML, no image, no link, no formatting — while the source, which people open in the editor, still
// reads as the model wrote it. Ponder puts no link in the report.
import type { TreeNode, TreeSnapshot } from '../protocol/tree';
import { latexToText } from './latex-text';
import { formatPercent } from './percent';
import { readableInertMarkdown, readableInertMarkdownLines } from './readable-inert-markdown';
import { hasThinking, thinkingSummary } from './thinking-summary';

export function buildMarkdownExport(snapshot: TreeSnapshot): string {
  const lines: string[] = ['# Ponder run', ''];
  lines.push('## Problem', '', ...quote(snapshot.problem), '');
  lines.push('## Answer', '');
  if (snapshot.chosenAnswer === undefined) {
    lines.push(snapshot.finished ? 'No answer was reached.' : 'The search is still running.');
  } else {
    lines.push(`**${inline(snapshot.chosenAnswer)}**`);
    if (snapshot.confidence !== undefined) lines.push('', `Share of the vote: ${percent(snapshot.confidence)}`);
  }
  if (snapshot.error !== undefined) lines.push('', `The run failed: ${inline(snapshot.error)}`);
  lines.push('', `Strategy: ${inline(snapshot.strategy)}`, '');

  const chain = chosenChain(snapshot);
  if (chain.length > 0) {
    lines.push('## Chosen chain', '');
    chain.forEach((node, index) => {
      const score = node.score === undefined ? '' : ` _(score ${node.score.toFixed(2)})_`;
      // The trace's length and ending, not the trace: the JSON export carries the whole of it.
      const thought = hasThinking(node) ? ` _(${inline(thinkingSummary(node))})_` : '';
      lines.push(`${index + 1}. ${inline(node.text)}${score}${thought}`);
    });
    lines.push('');
  }

  if (snapshot.answers.length > 0) {
    lines.push('## Votes', '', '| Answer | Votes | Weight | Share | Chosen |', '| --- | ---: | ---: | ---: | :---: |');
    for (const tally of snapshot.answers) {
      const chosen = tally.answer === snapshot.chosenAnswer ? '✓' : '';
      lines.push(`| ${cell(tally.answer)} | ${tally.votes} | ${tally.weight.toFixed(2)} | ${percent(tally.share)} | ${chosen} |`);
    }
    const votes = snapshot.answers.reduce((sum, tally) => sum + tally.votes, 0);
    const weight = snapshot.answers.reduce((sum, tally) => sum + tally.weight, 0);
    lines.push(`| **Total** | ${votes} | ${weight.toFixed(2)} | | |`, '');
  }

  if (snapshot.decisions.length > 0) {
    lines.push('## Decisions', '');
    for (const decision of snapshot.decisions) lines.push(`- ${decision.kind}: ${inline(decision.message)}`);
    lines.push('');
  }

  const usage = snapshot.usage;
  lines.push(
    '## Cost',
    '',
    `- Generated tokens: ${usage.generatedTokens} of ${usage.tokenCap}`,
    ...tokenParts(usage),
    `- Prompt tokens: ${usage.promptTokens}`,
    `- Model calls: ${usage.calls}`,
    `- Wall time: ${(usage.wallMs / 1000).toFixed(1)} s`,
    '',
  );
  return lines.join('\n');
}

/** Root to the chosen answer (the node marked chosen, else the best answer node of the chosen cluster). */
function chosenChain(snapshot: TreeSnapshot): TreeNode[] {
  const byId = new Map(snapshot.nodes.map((node) => [node.id, node]));
  let leaf = snapshot.nodes.find((node) => node.status === 'chosen');
  if (!leaf && snapshot.chosenAnswer !== undefined) {
    for (const node of snapshot.nodes) {
      if (node.kind === 'answer' && node.answer === snapshot.chosenAnswer && (!leaf || (node.score ?? 0) > (leaf.score ?? 0))) leaf = node;
    }
  }
  const chain: TreeNode[] = [];
  const seen = new Set<string>();
  for (let node = leaf; node && !seen.has(node.id); node = node.parentId === null ? undefined : byId.get(node.parentId)) {
    seen.add(node.id);
    if (node.kind !== 'problem') chain.unshift(node);
  }
  return chain;
}

/**
 * The generated tokens' parts, when the run counted them: thinking, answers (what is left, never below 0)
 * and verification. Counts that are not numbers (a tree read back from a file) are left out.
 */
function tokenParts(usage: TreeSnapshot['usage']): string[] {
  const counted = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  const thinking = counted(usage.thinkingTokens);
  const verify = counted(usage.verifyTokens);
  if (thinking === undefined && verify === undefined) return [];
  const answers = Math.max(0, (counted(usage.generatedTokens) ?? 0) - (thinking ?? 0) - (verify ?? 0));
  return [
    ...(thinking === undefined ? [] : [`  - thinking: ${thinking}`]),
    `  - answers: ${answers}${verify === undefined ? ' (verification included)' : ''}`,
    ...(verify === undefined ? [] : [`  - verification: ${verify}`]),
  ];
}

function quote(text: string): string[] {
  const lines = readableInertMarkdownLines(latexToText(text));
  return (lines.length > 0 ? lines : ['']).map((line) => `> ${line}`);
}

/** One line of inert text, with line breaks folded so a list item stays one item. */
function inline(text: string): string {
  return readableInertMarkdown(latexToText(text));
}

/** A table cell: inert, and its pipes are escaped too, so a model's answer cannot break the table. */
function cell(text: string): string {
  return inline(text);
}

function percent(value: number): string {
  return formatPercent(value, 1);
}
