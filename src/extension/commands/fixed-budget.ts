// "Solve Selection with a Fixed Budget…": pick a strategy and its size, then, for a model that thinks (or one
// Ponder cannot tell about), how it thinks and its thinking budget; then solve in fixed mode.
import * as vscode from 'vscode';
import type { ThinkMode } from '../../protocol/settings';
import type { Ctx } from '../ctx';
import { modelsRequest } from '../lsp-ext';
import type { ThinkingCapability, ThinkingPrompts, ThinkItem } from './thinking-choice';
import { BUDGET_RULE, chooseThinking, parseBudget, showThinkingStep } from './thinking-choice';

/** How long the picker waits for the server to say whether the model thinks before it asks anyway. */
const CAPABILITY_WAIT_MS = 2000;

/** Expansions of each kept beam (M) when the picker sets only N: the engine's default. */
const EXPANSIONS = 4;

/**
 * The engine's registered strategies (by name) with one line each for the picker, and what N means for
 * each: for the step-level searches N is the candidate steps per round, of which N/M beams are kept.
 */
export const FIXED_STRATEGIES: readonly { name: string; description: string; unit: string }[] = [
  { name: 'majority', description: 'Sample N chains and take the most common answer', unit: 'chains' },
  { name: 'weighted', description: 'Best-of-N weighted by the verifier’s scores', unit: 'chains' },
  { name: 'beam', description: `Step-level beam search: N candidate steps per round, N/${EXPANSIONS} beams kept`, unit: 'candidate steps per round' },
  { name: 'dvts', description: `Diverse verifier tree search: N/${EXPANSIONS} independent subtrees`, unit: 'candidate steps per round' },
  { name: 'lookahead', description: `Beam search that scores a short rollout ahead of each step; N/${EXPANSIONS} beams kept`, unit: 'candidate steps per round' },
  { name: 'revisions', description: 'Sequential revisions: the model corrects its own chain', unit: 'revisions' },
];

/** What N means for `strategy`, in the words of its picker (shown again in the input box). */
export function budgetPrompt(strategy: string, n: number): string {
  const entry = FIXED_STRATEGIES.find((s) => s.name === strategy);
  if (entry?.unit !== 'candidate steps per round') return 'A whole number from 1 to 256; cost grows with it';
  const kept = Math.max(1, Math.floor(n / EXPANSIONS));
  const noun = strategy === 'dvts' ? 'independent subtree' : 'beam';
  return `N candidate steps per round; N/${EXPANSIONS} are kept (N=${n} keeps ${kept} ${noun}${kept === 1 ? '' : 's'}), each expanded ${EXPANSIONS} ways. 1 to 256.`;
}

export interface FixedChoice {
  strategy: string;
  samples: number;
  /** Set when the thinking step chose something other than the settings. */
  think?: ThinkMode;
  thinkBudget?: number;
}

export async function pickFixedBudget(ctx: Ctx): Promise<FixedChoice | undefined> {
  const current = ctx.settings.fixedStrategy;
  // Asked at once, answered while the user picks: whether the model thinks decides the steps that follow.
  const capability = thinkingCapability(ctx);
  const picked = await vscode.window.showQuickPick(
    FIXED_STRATEGIES.map((s) => ({ label: s.name, description: s.name === current ? 'current setting' : '', detail: s.description, strategy: s })),
    { title: 'Ponder: strategy', placeHolder: 'How to spend the budget' },
  );
  if (!picked) return undefined;
  const valid = (text: string): boolean => /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 256;
  const box = vscode.window.createInputBox();
  box.title = `Ponder: N, ${picked.strategy.unit}, for ${picked.label}`;
  box.value = String(ctx.settings.fixedSamples);
  box.prompt = budgetPrompt(picked.label, ctx.settings.fixedSamples);
  const value = await new Promise<string | undefined>((resolve) => {
    box.onDidChangeValue((text) => {
      box.validationMessage = valid(text) ? undefined : 'A whole number from 1 to 256';
      if (valid(text)) box.prompt = budgetPrompt(picked.label, Number(text.trim()));
    });
    box.onDidAccept(() => {
      if (!valid(box.value)) return;
      resolve(box.value);
      box.hide();
    });
    box.onDidHide(() => resolve(undefined));
    box.show();
  }).finally(() => box.dispose());
  if (value === undefined) return undefined;
  const choice: FixedChoice = { strategy: picked.label, samples: Number(value.trim()) };
  const known = await capability;
  if (!showThinkingStep(known)) return choice;
  const thinking = await chooseThinking(VSCODE_PROMPTS, ctx.settings, known);
  if (thinking === 'cancelled') return undefined;
  return { ...choice, ...thinking };
}

/** The thinking step's questions, asked with VS Code's quick pick and an input box that validates as you type. */
const VSCODE_PROMPTS: ThinkingPrompts = {
  pickMode: (items, placeholder) => Promise.resolve(vscode.window.showQuickPick<ThinkItem>([...items], { title: 'Ponder: thinking', placeHolder: placeholder })),
  askBudget: async (mode, initial) => {
    const box = vscode.window.createInputBox();
    box.title = `Ponder: thinking budget for ${mode}`;
    box.value = initial;
    box.placeholder = 'Empty or 0: no budget';
    box.prompt = BUDGET_RULE;
    return new Promise<number | undefined>((resolve) => {
      box.onDidChangeValue((text) => {
        const parsed = parseBudget(text);
        box.validationMessage = 'message' in parsed ? parsed.message : undefined;
      });
      box.onDidAccept(() => {
        const parsed = parseBudget(box.value);
        if ('message' in parsed) return;
        resolve(parsed.budget);
        box.hide();
      });
      box.onDidHide(() => resolve(undefined));
      box.show();
    }).finally(() => box.dispose());
  },
};

/**
 * Whether the model of the settings thinks, from the server's model list (Ollama's capabilities). Unknown for
 * the demo model, an OpenAI-compatible server (its list says nothing of thinking), a model not listed, or a
 * server that does not answer within CAPABILITY_WAIT_MS.
 */
async function thinkingCapability(ctx: Ctx): Promise<ThinkingCapability> {
  const { useSimulatedModel, backend, model } = ctx.settings;
  if (useSimulatedModel || backend === 'openai') return 'unknown';
  const source = new vscode.CancellationTokenSource();
  const timer = setTimeout(() => source.cancel(), CAPABILITY_WAIT_MS);
  try {
    const client = await ctx.client();
    const listed = await client.sendRequest(modelsRequest, {}, source.token);
    const entry = listed.error ? undefined : listed.models.find((m) => m.name === model || m.name === `${model}:latest`);
    return entry === undefined ? 'unknown' : entry.thinking ? 'thinks' : 'cannot-think';
  } catch {
    return 'unknown';
  } finally {
    clearTimeout(timer);
    source.dispose();
  }
}
