// The Markdown shown when hovering a solved range (and answered by ponder/explain). Everything that came
// from the model or the problem goes through inertMarkdown; the only live links are Ponder's own commands.
// A hover is plain text, so LaTeX in it is shown as readable Unicode first (`\boxed{144}` → `144`).
import { HOVER_COMMANDS } from '../protocol/lsp';
import type { ShowTreeArgs, SolveAgainArgs, SolveResultParams } from '../protocol/lsp';
import type { BestChain } from './best-chain';
import type { StopSummary } from './stop-summary';
import { latexToText } from '../shared/latex-text';
import { formatPercent } from '../shared/percent';
import { thinkingSummary, tokenPartsText } from '../shared/thinking-summary';
import { commandLink, inertMarkdown } from '../shared/inert-markdown';

/** Steps shown before the rest are summarised as "… n more". */
const MAX_STEPS = 8;

/** `commandLinks`: end with links to the extension's commands (VS Code); otherwise name the code actions. */
export function explainMarkdown(result: SolveResultParams, best: BestChain | undefined, treeAvailable: boolean, commandLinks = true, stopping?: StopSummary): string {
  const lines: string[] = [];
  const answer = result.answer === null ? '_no answer_' : `**${inertMarkdown(latexToText(result.answer), 200)}**`;
  lines.push(`**Ponder** answer: ${answer} (confidence ${percent(result.confidence)}${result.cancelled ? ', cancelled' : ''})`);
  lines.push('');
  const usage = result.usage;
  lines.push(
    `Strategy ${inertMarkdown(result.strategy, 60)} · ${usage.generatedTokens} tokens generated${tokenPartsText(usage)}, ${usage.promptTokens} prompt tokens · ` +
      `${usage.calls} calls · ${seconds(usage.wallMs)}`,
  );
  if (stopping) {
    lines.push('');
    lines.push(stoppedLine(stopping));
  }
  if (best && best.steps.length > 0) {
    lines.push('');
    lines.push(`Best chain${best.score === undefined ? '' : ` (score ${best.score.toFixed(2)})`}:`);
    lines.push('');
    best.steps.slice(0, MAX_STEPS).forEach((step, index) => {
      const score = step.score === undefined ? '' : ` \`${step.score.toFixed(2)}\``;
      // Ponder's own words and numbers, escaped all the same.
      const thought = step.thinking === undefined ? '' : ` _${inertMarkdown(thinkingSummary(step.thinking), 120)}_`;
      lines.push(`${index + 1}. ${inertMarkdown(latexToText(step.text), 240)}${score}${thought}`);
    });
    if (best.steps.length > MAX_STEPS) lines.push(`${MAX_STEPS + 1}. … ${best.steps.length - MAX_STEPS} more steps`);
  }
  lines.push('');
  if (!commandLinks) {
    if (treeAvailable) lines.push("_The code action \"Show Ponder's reasoning tree\" on this range opens the whole tree._");
    return lines.join('\n');
  }
  const links: string[] = [];
  if (treeAvailable) links.push(commandLink('Show reasoning tree', HOVER_COMMANDS.showTree, [result.runId] satisfies ShowTreeArgs));
  links.push(commandLink('Solve again with twice the budget', HOVER_COMMANDS.solveAgain, [result.runId, Math.max(1, usage.tokenCap) * 2] satisfies SolveAgainArgs));
  lines.push(links.join(' · '));
  return lines.join('\n');
}

/** Why the run drew what it drew: "Stopped after 4 samples: <the rule's words> · difficulty 0.08 (bin 1 of 5)". */
function stoppedLine(stopping: StopSummary): string {
  const after = stopping.samples === undefined ? 'Stopped' : `Stopped after ${stopping.samples} sample${stopping.samples === 1 ? '' : 's'}`;
  const difficulty = stopping.difficulty ? ` · difficulty ${stopping.difficulty.value.toFixed(2)} (bin ${stopping.difficulty.bin} of ${stopping.difficulty.bins})` : '';
  // The engine's words, escaped all the same: they are not model output, but nothing here is left live.
  return `${after}: ${inertMarkdown(stopping.reason, 240)}${difficulty}`;
}

function percent(value: number): string {
  return formatPercent(value);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
