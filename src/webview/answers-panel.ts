// Answer clusters with votes, summed verifier weight and share bars; the confidence and the adaptive
// decisions (difficulty, strategy, why it stopped).
import type { TreeSnapshot } from '../protocol/tree';
import { latexToText } from '../shared/latex-text';
import { formatPercent } from '../shared/percent';
import { el, icon, setTextWithCode } from './dom';

const DECISION_LABEL: Record<string, string> = { difficulty: 'Difficulty', strategy: 'Strategy', stop: 'Stopped', warning: 'Warning' };

export class AnswersPanel {
  readonly element = el('section', { class: 'panel answers', 'aria-labelledby': 'answers-heading' });
  private lastAnswers: unknown;
  private lastDecisions: unknown;
  /** Whether the run had ended, and how, at the last render: the text for no answers depends on it. */
  private lastEnding: string | undefined;

  update(snapshot: TreeSnapshot): void {
    const ending = snapshot.finished ? `finished:${snapshot.error ?? ''}` : undefined;
    if (snapshot.answers === this.lastAnswers && snapshot.decisions === this.lastDecisions && ending === this.lastEnding) return;
    this.lastAnswers = snapshot.answers;
    this.lastDecisions = snapshot.decisions;
    this.lastEnding = ending;
    const heading = el('h2', { id: 'answers-heading' }, 'Answers');
    // The engine's confidence is the chosen cluster's share of the (weighted) vote: said as such, and never
    // rounded up to a certainty it is not.
    const confidence = el(
      'p',
      { class: 'confidence', title: 'The chosen answer’s share of the vote (weighted by verifier scores when there are any)' },
      snapshot.confidence === undefined ? 'Share of the vote: –' : `Share of the vote: ${formatPercent(snapshot.confidence, 1)}`,
    );
    const table = el('table', { class: 'answers-table' });
    table.append(
      el('caption', { class: 'visually-hidden' }, 'Answer clusters and their votes'),
      el('thead', {}, el('tr', {}, ...['Answer', 'Votes', 'Weight', 'Share'].map((label) => el('th', { scope: 'col' }, label)))),
    );
    const body = el('tbody');
    const sorted = [...snapshot.answers].sort((a, b) => b.share - a.share || b.votes - a.votes);
    for (const tally of sorted) {
      const chosen = tally.answer === snapshot.chosenAnswer;
      const bar = el('span', { class: 'share-bar', 'aria-hidden': 'true' }, el('span', { class: 'share-fill' }));
      bar.style.setProperty('--share', String(Math.max(0, Math.min(1, tally.share))));
      const answerCell = el('td', { class: 'answer-text', title: tally.answer }, latexToText(tally.answer));
      if (chosen) answerCell.append(' ', el('span', { class: 'status-tag chosen-tag' }, icon('pass-filled'), el('span', { class: 'tag-text' }, ' chosen')));
      const row = el(
        'tr',
        { class: chosen ? 'chosen' : '' },
        answerCell,
        el('td', { class: 'num votes' }, String(tally.votes)),
        el('td', { class: 'num weight' }, tally.weight.toFixed(2)),
        el('td', { class: 'share' }, bar, el('span', { class: 'share-text' }, formatPercent(tally.share, 1))),
      );
      body.append(row);
    }
    table.append(body);
    const totalVotes = snapshot.answers.reduce((sum, tally) => sum + tally.votes, 0);
    const totalWeight = snapshot.answers.reduce((sum, tally) => sum + tally.weight, 0);
    table.append(
      el(
        'tfoot',
        {},
        el('tr', {}, el('th', { scope: 'row' }, 'Total'), el('td', { class: 'num total-votes' }, String(totalVotes)), el('td', { class: 'num total-weight' }, totalWeight.toFixed(2)), el('td')),
      ),
    );
    const decisions = el('ul', { class: 'decisions', 'aria-label': 'Decisions' });
    for (const decision of snapshot.decisions) {
      // A failure's words may hold a command in backticks (`vllm serve MODEL`): set as code, as the banner does.
      const message = el('span', {});
      setTextWithCode(message, decision.message);
      decisions.append(el('li', { class: `decision decision-${decision.kind}` }, el('strong', {}, `${DECISION_LABEL[decision.kind] ?? decision.kind}: `), message));
    }
    const content: Node[] = [heading, confidence];
    content.push(snapshot.answers.length > 0 ? table : el('p', { class: 'empty' }, noAnswerText(snapshot)));
    if (snapshot.decisions.length > 0) content.push(el('h3', {}, 'Decisions'), decisions);
    this.element.replaceChildren(...content);
  }
}

/** Why the panel has no answers: the run goes on, it failed (the banner says why), or no chain stated one. */
function noAnswerText(snapshot: TreeSnapshot): string {
  if (!snapshot.finished) return 'No answers yet.';
  return snapshot.error !== undefined ? 'No answer: the run failed before a chain stated one.' : 'No chain stated an answer.';
}
