// Reads a word problem of the simulated reasoner's own grammar back into a plan, sentence by sentence.
// Sentences it does not recognise are skipped (as a model skips a distractor), so text that claims to
// be instructions changes nothing; but the story must open with a sentence it knows and contain at least
// one operation, or the problem is not one of its own.
import { literal, ref, type Operand, type Plan, type PlanOp } from './plan';
import { Rational } from './rational';
import { form, holderAfter, readSentence, readStart, type Holder, type SentenceReading, type Story } from './word-grammar';

/** Splits prose into sentences after ".", "?" or "!". */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.?!])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function readWordProblem(problem: string): Plan | undefined {
  const all = sentences(problem);
  let start: { story: Story; reading: SentenceReading } | undefined;
  let rest: string[] = [];
  for (let i = 0; i < all.length && !start; i++) {
    start = readStart(all[i] ?? '');
    rest = all.slice(i + 1);
  }
  if (!start) return undefined;
  const { story } = start;
  const readings: { reading: SentenceReading; holder: Holder }[] = [{ reading: start.reading, holder: {} }];
  let holder: Holder = {};
  for (const sentence of rest) {
    const reading = readSentence(sentence, story, holder);
    if (!reading) continue;
    holder = holderAfter(reading, holder);
    readings.push({ reading, holder });
  }

  const ops: PlanOp[] = [];
  let current: Operand | undefined;
  for (const { reading, holder: owner } of readings) {
    const sentenceForm = form(reading.form);
    if (reading.form === 'has') current = literal(Rational.of(reading.numbers[0] ?? 0));
    // Within a sentence, `before` is the running quantity as the sentence found it.
    const before = current;
    const opsBefore = ops.length;
    sentenceForm.ops(reading.numbers).forEach((shape, index) => {
      const describe: PlanOp['describe'] = (context) => {
        const text = sentenceForm.step(index, context.equation, story, owner, reading);
        return context.boxed === undefined ? text : `${text} The answer is \\boxed{${context.boxed}}`;
      };
      if (shape.kind === 'literals') {
        const [a, b] = shape.numbers;
        ops.push({ op: shape.op, left: literal(Rational.of(a)), right: literal(Rational.of(b)), describe });
      } else if (!before) {
        return; // nothing to operate on yet
      } else if (shape.kind === 'withLiteral') {
        ops.push({ op: shape.op, left: before, right: literal(Rational.of(shape.number)), describe });
      } else if (ops.length > opsBefore) {
        // The running quantity combined with what this sentence's first operation produced.
        ops.push({ op: shape.op, left: before, right: ref(ops.length - 1), describe });
      }
    });
    if (ops.length > opsBefore) current = ref(ops.length - 1);
  }
  if (ops.length === 0) return undefined;
  const who = holder.group ? `each ${holder.group}` : story.name;
  const key = `word:${story.kind}:${story.name}:${story.item}:${JSON.stringify(readings.map((r) => r.reading))}`;
  return { kind: 'word', key, ops, goal: `how many ${story.item} ${who} has at the end` };
}
