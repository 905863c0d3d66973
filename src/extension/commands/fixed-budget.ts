// "Solve Selection with a Fixed Budget…": pick a strategy and its size, then solve in fixed mode.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

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
}

export async function pickFixedBudget(ctx: Ctx): Promise<FixedChoice | undefined> {
  const current = ctx.settings.fixedStrategy;
  const picked = await vscode.window.showQuickPick(
    FIXED_STRATEGIES.map((s) => ({ label: s.name, description: s.name === current ? 'current setting' : '', detail: s.description, strategy: s })),
    { title: 'Ponder: strategy (1/2)', placeHolder: 'How to spend the budget' },
  );
  if (!picked) return undefined;
  const valid = (text: string): boolean => /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 256;
  const box = vscode.window.createInputBox();
  box.title = `Ponder: N, ${picked.strategy.unit}, for ${picked.label} (2/2)`;
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
  return { strategy: picked.label, samples: Number(value.trim()) };
}
