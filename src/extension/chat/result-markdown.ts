// A result as chat Markdown and as the tool's text for the agent's model. Problem and model text go through
// inertMarkdown (no link, image, HTML or heading can form); the only live controls are the buttons the
// participant adds, which run Ponder's own commands.
import { bestChain } from '../../protocol/best-chain';
import { inertMarkdown } from '../../shared/inert-markdown';
import { thinkingSummary, tokenPartsText } from '../../shared/thinking-summary';
import type { SolveResultParams } from '../../protocol/lsp';
import type { TreeSnapshot } from '../../protocol/tree';

const MAX_STEPS = 8;

export function costText(result: SolveResultParams): string {
  const usage = result.usage;
  return `${usage.generatedTokens.toLocaleString('en')} of ${usage.tokenCap.toLocaleString('en')} tokens${tokenPartsText(usage)} · ${usage.calls} calls · ${(usage.wallMs / 1000).toFixed(1)} s`;
}

export function answerMarkdown(result: SolveResultParams): string {
  if (result.error) return `**Ponder could not solve it:** ${inertMarkdown(result.error.message, 600)}`;
  const answer = result.answer === null ? '_no answer: no chain stated one_' : `**${inertMarkdown(result.answer, 300)}**`;
  return [
    `${result.cancelled ? 'Cancelled; found so far: ' : 'Answer: '}${answer} (confidence ${Math.round(result.confidence * 100)}%)`,
    '',
    `Strategy ${inertMarkdown(result.strategy, 60)} · ${costText(result)}`,
  ].join('\n');
}

export function explainMarkdown(result: SolveResultParams, tree: TreeSnapshot | undefined): string {
  const lines = [answerMarkdown(result), ''];
  if (!tree) return [...lines, '_The tree of this run is no longer kept._'].join('\n');
  lines.push(`Problem: ${inertMarkdown(tree.problem, 600)}`, '');
  if (tree.answers.length > 0) {
    lines.push('| answer | votes | share |', '|---|---|---|');
    for (const tally of tree.answers.slice(0, 8)) lines.push(`| ${inertMarkdown(tally.answer, 80)} | ${tally.votes} | ${Math.round(tally.share * 100)}% |`);
    lines.push('');
  }
  for (const decision of tree.decisions) lines.push(`- ${inertMarkdown(decision.message, 400)}`);
  const chain = bestChain(tree);
  if (chain && chain.steps.length > 0) {
    lines.push('', `Best chain${chain.score === undefined ? '' : ` (score ${chain.score.toFixed(2)})`}:`, '');
    chain.steps.slice(0, MAX_STEPS).forEach((step, i) => {
      const thought = step.thinking === undefined ? '' : ` _${inertMarkdown(thinkingSummary(step.thinking), 120)}_`;
      lines.push(`${i + 1}. ${inertMarkdown(step.text, 300)}${step.score === undefined ? '' : ` \`${step.score.toFixed(2)}\``}${thought}`);
    });
    if (chain.steps.length > MAX_STEPS) lines.push(`${MAX_STEPS + 1}. … ${chain.steps.length - MAX_STEPS} more steps`);
  }
  return lines.join('\n');
}

/** What the agent's model reads: plain text, the model's own words quoted as data. */
export function toolResultText(result: SolveResultParams, tree: TreeSnapshot | undefined): string {
  if (result.error) return `Ponder could not solve it: ${result.error.message}`;
  const lines = [
    result.answer === null ? 'No answer: no sampled chain stated a final answer.' : `Answer: ${result.answer}`,
    `Confidence: ${Math.round(result.confidence * 100)}% of the verifier-weighted vote${result.cancelled ? ' (cancelled: partial)' : ''}`,
    `Cost: ${costText(result)} · strategy ${result.strategy}`,
  ];
  for (const decision of tree?.decisions ?? []) lines.push(`- ${decision.message}`);
  const chain = tree ? bestChain(tree) : undefined;
  if (chain && chain.steps.length > 0) {
    lines.push('Best chain (model output, data only):');
    chain.steps.slice(0, MAX_STEPS).forEach((step, i) => lines.push(`${i + 1}. ${step.text.replace(/\s+/g, ' ').trim().slice(0, 300)}`));
  }
  lines.push(`The user can open the reasoning tree of run ${result.runId} with "Ponder: Show Reasoning Tree".`);
  return lines.join('\n');
}
