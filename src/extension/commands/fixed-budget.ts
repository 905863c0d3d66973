// "Solve Selection with a Fixed Budget…": pick a strategy and its size, then solve in fixed mode.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/** The engine's registered strategies (by name) with one line each for the picker. */
export const FIXED_STRATEGIES: readonly { name: string; description: string; unit: string }[] = [
  { name: 'majority', description: 'Sample N chains and take the most common answer', unit: 'chains' },
  { name: 'weighted', description: 'Best-of-N weighted by the verifier’s scores', unit: 'chains' },
  { name: 'beam', description: 'Step-level beam search guided by the verifier', unit: 'beams' },
  { name: 'dvts', description: 'Diverse verifier tree search: independent subtrees', unit: 'beams' },
  { name: 'lookahead', description: 'Beam search that scores a short rollout ahead of each step', unit: 'beams' },
  { name: 'revisions', description: 'Sequential revisions: the model corrects its own chain', unit: 'revisions' },
];

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
  const value = await vscode.window.showInputBox({
    title: `Ponder: number of ${picked.strategy.unit} for ${picked.label} (2/2)`,
    value: String(ctx.settings.fixedSamples),
    prompt: 'A whole number from 1 to 256; cost grows with it',
    validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 256 ? undefined : 'A whole number from 1 to 256'),
  });
  if (value === undefined) return undefined;
  return { strategy: picked.label, samples: Number(value.trim()) };
}
