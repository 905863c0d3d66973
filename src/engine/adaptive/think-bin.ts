// How a policy's think setting (a bin's, or the probe's) reaches the generations of adaptive mode: a search
// context whose thinking plan asks for that mode, with the budget's tokens added to each call's cap for the
// trace and the budget itself on every request (budget forcing; without a budget, the trace allowance). A model that cannot think samples without,
// and the tree says so.
import { GENERATION_THINKING_TOKENS } from '../model/thinking';
import type { ThinkSetting } from '../model/types';
import type { PolicyThink } from '../stopping/policy';
import { describeThink } from '../stopping/policy';
import type { SearchContext } from '../search/types';

export async function contextForThink(context: SearchContext, think: PolicyThink | undefined, where: string): Promise<SearchContext> {
  if (!think) return context;
  const { thinkBudget: _previous, ...rest } = context.options;
  if (think.mode === 'off') return { ...context, thinking: { think: false, allowance: 0 }, options: rest };
  let canThink = true;
  try {
    canThink = (await context.model.capabilities(context.signal)).thinking;
  } catch (error) {
    if (context.signal.aborted) throw error;
    // Capabilities unknown: ask as the policy says; the first call reports any problem.
  }
  if (!canThink) {
    context.tree.decide({
      kind: 'warning',
      message: `${where} asks for ${describeThink(think)}, but the model cannot think: it samples without thinking`,
      data: { thinkMode: think.mode },
    });
    return context;
  }
  const setting: ThinkSetting = think.mode === 'on' ? true : think.mode;
  // Without a budget the trace allowance is the implicit one, forced or stopped like a budget (model/thinking.ts).
  const budget = think.budget === undefined ? { maxTokens: GENERATION_THINKING_TOKENS, allowance: true } : { maxTokens: think.budget };
  return {
    ...context,
    thinking: { think: setting, allowance: budget.maxTokens, budget },
    options: { ...rest, ...(think.budget === undefined ? {} : { thinkBudget: think.budget }) },
  };
}
