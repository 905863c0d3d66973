// Tokens used of the cap, calls, wall time and generation rate, updated live from usage deltas. When the run
// counted them (a thinking model, a verifier that reports its own tokens), the bar splits the generated tokens
// into thinking, answers and verification, with a legend that gives each part's tokens in words.
import type { TreeSnapshot } from '../protocol/tree';
import type { BudgetPart } from './budget-parts';
import { budgetParts } from './budget-parts';
import { el, formatDuration, formatInteger } from './dom';

export class BudgetMeter {
  readonly element = el('section', { class: 'panel budget', 'aria-labelledby': 'budget-heading' });
  private readonly fill = el('span', { class: 'budget-fill' });
  private readonly bar = el('div', { class: 'budget-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-label': 'Tokens used of the cap' }, this.fill);
  /** The key to the bar's parts, with each part's tokens (absent when the run has no parts). */
  private readonly legend = el('ul', { class: 'budget-legend', 'aria-label': 'Generated tokens by part' });
  private readonly figures = el('dl', { class: 'budget-figures' });
  private lastUsage: unknown;

  constructor() {
    this.legend.hidden = true;
    this.element.append(el('h2', { id: 'budget-heading' }, 'Budget'), this.bar, this.legend, this.figures);
  }

  update(snapshot: TreeSnapshot): void {
    if (snapshot.usage === this.lastUsage) return;
    this.lastUsage = snapshot.usage;
    const usage = snapshot.usage;
    const cap = Math.max(usage.tokenCap, 0);
    const fraction = cap > 0 ? Math.min(1, usage.generatedTokens / cap) : 0;
    const parts = budgetParts(usage);
    this.bar.style.setProperty('--fraction', String(fraction));
    this.bar.setAttribute('aria-valuemax', String(cap));
    this.bar.setAttribute('aria-valuenow', String(Math.min(usage.generatedTokens, cap)));
    const partsText = parts ? `: ${parts.map((part) => `${formatInteger(part.tokens)} ${part.label.toLowerCase()}`).join(', ')}` : '';
    this.bar.setAttribute('aria-valuetext', `${formatInteger(usage.generatedTokens)} of ${formatInteger(cap)} tokens${partsText}`);
    this.bar.classList.toggle('near-cap', fraction >= 0.9);
    this.bar.classList.toggle('split', parts !== undefined);
    this.drawParts(parts, cap);
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

  /** One span per part in the bar (widths as fractions of the cap), and the legend; the plain fill otherwise. */
  private drawParts(parts: readonly BudgetPart[] | undefined, cap: number): void {
    if (!parts) {
      this.bar.replaceChildren(this.fill);
      this.legend.hidden = true;
      this.legend.replaceChildren();
      return;
    }
    const total = parts.reduce((sum, part) => sum + part.tokens, 0);
    this.bar.replaceChildren(
      ...parts.map((part) => {
        const span = el('span', { class: `budget-part part-${part.key}`, 'data-part': part.key });
        span.style.setProperty('--part', String(cap > 0 ? Math.min(1, part.tokens / cap) : 0));
        return span;
      }),
    );
    this.legend.replaceChildren(
      ...parts.map((part) => {
        const share = total > 0 ? Math.round((part.tokens / total) * 100) : 0;
        return el(
          'li',
          { 'data-part': part.key },
          el('span', { class: `swatch part-${part.key}`, 'aria-hidden': 'true' }),
          el('span', { class: 'part-label' }, part.label),
          el('span', { class: 'part-tokens' }, `${formatInteger(part.tokens)} (${share}%)`),
        );
      }),
    );
    this.legend.hidden = false;
  }
}
