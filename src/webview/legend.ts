// The colour key of the diagram: score bands and the marks for pruned, chosen and streaming nodes.
import { el } from './dom';
import { SCORE_BANDS } from './score-scale';

export function createLegend(): HTMLElement {
  const items = SCORE_BANDS.map((band, index) => el('li', {}, el('span', { class: `swatch score-${index}`, 'aria-hidden': 'true' }), band.label));
  items.push(
    el('li', {}, el('span', { class: 'swatch score-none', 'aria-hidden': 'true' }), 'not scored'),
    el('li', {}, el('span', { class: 'swatch swatch-chosen', 'aria-hidden': 'true' }), 'chosen chain'),
    el('li', {}, el('span', { class: 'swatch swatch-faded', 'aria-hidden': 'true' }), 'pruned'),
    // Shown only for runs where a step thought (the page marks them `has-thinking`).
    el('li', { class: 'legend-thought' }, el('span', { class: 'swatch swatch-thought', 'aria-hidden': 'true' }), 'thought first'),
  );
  return el('figure', { class: 'legend' }, el('figcaption', {}, 'Verifier score'), el('ul', {}, ...items));
}
