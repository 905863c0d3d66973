// The selected node in full: Markdown with math (sanitised), score and verdict, tokens and latency, the
// thinking trace collapsed, and a copy button.
import type { TreeNode, TreeSnapshot } from '../protocol/tree';
import { button, el, formatDuration, formatInteger, setTextWithCode } from './dom';
import { latexToText } from '../shared/latex-text';
import { hasThinking, thinkingSummary } from '../shared/thinking-summary';
import { renderMarkdown } from './markdown';
import { formatScore, scoreClass } from './score-scale';

export class DetailsPanel {
  readonly element = el('section', { class: 'panel details', 'aria-labelledby': 'details-heading', 'aria-live': 'polite' });
  private shown: TreeNode | undefined;
  private empty = false;

  constructor(private readonly notify: (message: string) => void) {}

  update(snapshot: TreeSnapshot, selectedId: string | undefined): void {
    const node = selectedId === undefined ? undefined : snapshot.nodes.find((candidate) => candidate.id === selectedId);
    if (!node) {
      if (this.empty) return;
      this.empty = true;
      this.shown = undefined;
      this.element.replaceChildren(el('h2', { id: 'details-heading' }, 'Step'), el('p', { class: 'empty' }, 'Select a node in the tree or the outline to read it in full.'));
      return;
    }
    if (node === this.shown) return;
    this.shown = node;
    this.empty = false;
    const body = el('div', { class: 'markdown' });
    renderMarkdown(body, node.text);
    const facts: [string, string][] = [
      ['Kind', node.kind],
      ['Status', node.status],
      ['Score', formatScore(node.score)],
      ['Verdict', node.verdict ?? '–'],
      ['Tokens', `${formatInteger(node.usage.generatedTokens)} generated, ${formatInteger(node.usage.promptTokens)} prompt`],
      ['Latency', formatDuration(node.usage.wallMs)],
    ];
    if (node.answer !== undefined) facts.splice(2, 0, ['Answer', latexToText(node.answer)]);
    if (node.reason !== undefined) facts.push(['Reason', node.reason]);
    if (hasThinking(node)) facts.push(['Thinking', thinkingSummary(node).replace(/^Thinking( · )?/, '') || 'yes (length not counted)']);
    const list = el('dl', { class: 'facts' }, ...facts.flatMap(([term, value]) => [el('dt', {}, term), factValue(term, value)]));
    list.querySelectorAll('dd')[facts.findIndex(([term]) => term === 'Score')]?.classList.add('score-badge', scoreClass(node.score));
    const copy = button('Copy', 'copy', () => {
      void navigator.clipboard.writeText(node.text).then(
        () => this.notify('Step copied.'),
        () => this.notify('The clipboard is not available here.'),
      );
    }, 'Copy this step’s text');
    const content: Node[] = [el('h2', { id: 'details-heading' }, node.kind === 'answer' ? 'Answer' : 'Step'), list, body];
    if (node.thinking) {
      // Collapsed: the trace is often longer than the step. Its summary says how long and how it ended.
      const thinking = el('div', { class: 'markdown thinking' });
      renderMarkdown(thinking, node.thinking);
      content.push(el('details', { class: 'thinking-trace' }, el('summary', {}, `${thinkingSummary(node).replace(/^Thinking/, 'Thinking trace')}`), thinking));
    }
    content.push(el('div', { class: 'details-actions' }, copy));
    this.element.replaceChildren(...content);
  }
}

/** A fact's value; a failure reason is one of Ponder's messages, whose `code` spans are shown as code. */
function factValue(term: string, value: string): HTMLElement {
  const element = el('dd', {});
  if (term === 'Reason') setTextWithCode(element, value);
  else element.textContent = value;
  return element;
}
