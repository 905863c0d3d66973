// Tokens used of the cap, calls, wall time and generation rate, updated live from usage deltas.
import type { TreeSnapshot } from '../protocol/tree';
import { el, formatDuration, formatInteger } from './dom';

export class BudgetMeter {
  readonly element = el('section', { class: 'panel budget', 'aria-labelledby': 'budget-heading' });
  private readonly bar = el('div', { class: 'budget-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-label': 'Tokens used of the cap' }, el('span', { class: 'budget-fill' }));
  private readonly figures = el('dl', { class: 'budget-figures' });
  private lastUsage: unknown;

  constructor() {
    this.element.append(el('h2', { id: 'budget-heading' }, 'Budget'), this.bar, this.figures);
  }

  update(snapshot: TreeSnapshot): void {
    if (snapshot.usage === this.lastUsage) return;
    this.lastUsage = snapshot.usage;
    const usage = snapshot.usage;
    const cap = Math.max(usage.tokenCap, 0);
    const fraction = cap > 0 ? Math.min(1, usage.generatedTokens / cap) : 0;
    this.bar.style.setProperty('--fraction', String(fraction));
    this.bar.setAttribute('aria-valuemax', String(cap));
    this.bar.setAttribute('aria-valuenow', String(Math.min(usage.generatedTokens, cap)));
    this.bar.setAttribute('aria-valuetext', `${formatInteger(usage.generatedTokens)} of ${formatInteger(cap)} tokens`);
    this.bar.classList.toggle('near-cap', fraction >= 0.9);
    const rate = usage.wallMs > 0 ? usage.generatedTokens / (usage.wallMs / 1000) : 0;
    const rows: [string, string, string][] = [
      ['Tokens', `${formatInteger(usage.generatedTokens)} / ${formatInteger(cap)}`, 'tokens'],
      ['Prompt tokens', formatInteger(usage.promptTokens), 'prompt'],
      ['Calls', formatInteger(usage.calls), 'calls'],
      ['Wall time', formatDuration(usage.wallMs), 'wall'],
      ['Tokens/s', rate.toFixed(1), 'rate'],
    ];
    this.figures.replaceChildren(...rows.flatMap(([term, value, key]) => [el('dt', {}, term), el('dd', { 'data-figure': key }, value)]));
  }
}
