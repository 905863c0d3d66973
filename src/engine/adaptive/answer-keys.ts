// The stopping controllers count votes by exact key; answers are equal up to equivalence (5 = 5.0 =
// \frac{10}{2}). Each answer is keyed by the first equivalent answer seen, so equivalent answers share a key.
import type { AnswerTools } from '../search/answer-tools';

export class AnswerKeys {
  private readonly keys: string[] = [];

  constructor(private readonly answers: AnswerTools) {}

  /** The key of a normalised answer; null for no answer. */
  keyOf(answer: string | undefined): string | null {
    if (!answer) return null;
    const known = this.keys.find((key) => key === answer || this.answers.equivalent(key, answer));
    if (known !== undefined) return known;
    this.keys.push(answer);
    return answer;
  }
}
