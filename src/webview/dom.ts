// Tiny DOM helpers: elements are built with text content only, never from HTML strings.

export { firstLine } from './labels';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') element.className = value;
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

export function icon(name: string): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function button(label: string, iconName: string, onClick: () => void, title = label): HTMLButtonElement {
  const element = el('button', { type: 'button', class: 'control', title }, icon(iconName), el('span', { class: 'label' }, label));
  element.addEventListener('click', onClick);
  return element;
}

// One formatter for every call: toLocaleString builds a new one each time, costly when redrawn per frame.
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInteger(value: number): string {
  return integerFormat.format(Math.round(value));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Fills `element` with `text` whose `backticked` spans become <code> elements, as Ponder's own messages
 * mark commands and settings (they are written for Markdown toasts). Every part is a text node, so the
 * text stays inert whatever it holds; an unpaired backtick is kept as written.
 */
export function setTextWithCode(element: HTMLElement, text: string): void {
  const parts = text.split('`');
  if (parts.length % 2 === 0) {
    element.textContent = text;
    return;
  }
  element.replaceChildren(...parts.map((part, index) => (index % 2 === 1 ? el('code', {}, part) : document.createTextNode(part))));
}
