// The small grammar of word problems the simulated reasoner writes (problems.ts) and reads back
// (word-problems.ts). Each sentence form says how it is written, how it is read, and which operations it
// means for the running quantity, so writer and reader cannot drift apart.

export type StoryKind = 'items' | 'money';

export interface Story {
  readonly kind: StoryKind;
  readonly name: string;
  readonly pronoun: 'She' | 'He';
  /** Plural noun counted: "pencils", or "dollars" for money stories. */
  readonly item: string;
}

/** Who the running quantity belongs to: the main character, or each member of a group after a split. */
export interface Holder {
  /** Singular group noun after a split ("friend"), else undefined. */
  readonly group?: string;
}

/** One sentence as read: its form, its numbers, and its free word (a friend's name, a purchase…). */
export interface SentenceReading {
  readonly form: FormId;
  readonly numbers: readonly number[];
  readonly word?: string;
}

export type FormId =
  | 'has'
  | 'boxesStart'
  | 'more'
  | 'fromFriend'
  | 'boxes'
  | 'gives'
  | 'loses'
  | 'doubles'
  | 'triples'
  | 'shares'
  | 'earns'
  | 'spends'
  | 'buysPriced'
  | 'works';

/** Kinds of step a form produces, in order; see `OpShape`. */
export type OpShape =
  | { readonly kind: 'withLiteral'; readonly op: '+' | '-' | '×' | '÷'; readonly number: number }
  | { readonly kind: 'literals'; readonly op: '×'; readonly numbers: readonly [number, number] }
  | { readonly kind: 'withPrevious'; readonly op: '+' | '-' };

export const NAMES: readonly (readonly [string, 'She' | 'He'])[] = [
  ['Mia', 'She'], ['Noah', 'He'], ['Ava', 'She'], ['Liam', 'He'], ['Zoe', 'She'], ['Omar', 'He'],
  ['Lena', 'She'], ['Ravi', 'He'], ['Sofia', 'She'], ['Kai', 'He'], ['Nora', 'She'], ['Ben', 'He'],
];
export const ITEMS = ['pencils', 'stickers', 'marbles', 'apples', 'cards', 'beads', 'shells', 'stamps', 'cookies', 'crayons'];
export const FRIENDS = ['Tom', 'Ana', 'Leo', 'Ivy', 'Sam', 'Maya'];
export const GROUPS: readonly (readonly [string, string])[] = [
  ['friends', 'friend'], ['cousins', 'cousin'], ['classmates', 'classmate'], ['teammates', 'teammate'],
];
export const EARNINGS = ['mowing a lawn', 'at a bake sale', 'for walking a dog', 'for washing a car'];
export const PURCHASES = ['a book', 'a scarf', 'lunch', 'a ticket', 'a plant'];
export const PRICED = ['notebooks', 'pens', 'tickets', 'sandwiches', 'plants'];

const SUBJECT = '(She|He|Each [a-z]+)';
const N = '(\\d+)';

/** Subject at the start of a sentence: "She", or "Each friend" after a split. */
export function subject(story: Story, holder: Holder): string {
  return holder.group ? `Each ${holder.group}` : story.pronoun;
}

/** Subject inside a sentence: "she", "each friend". */
function subjectLower(story: Story, holder: Holder): string {
  return holder.group ? `each ${holder.group}` : story.pronoun.toLowerCase();
}

function amount(story: Story, n: number): string {
  return story.kind === 'money' ? `$${n}` : `${n} ${story.item}`;
}

interface Form {
  readonly id: FormId;
  readonly kinds: readonly StoryKind[];
  /** Opens a story (only as the first sentence). */
  readonly start?: boolean;
  /** The sentence as the generator writes it. */
  write(story: Story, holder: Holder, numbers: readonly number[], word?: string): string;
  /** Pattern for reading a later sentence; group 1 is the subject. Starts are read by `readStart`. */
  pattern?(story: Story): RegExp;
  /** Which groups of `pattern` hold numbers, and which one holds the free word. */
  readonly numberGroups: readonly number[];
  readonly wordGroup?: number;
  ops(numbers: readonly number[]): readonly OpShape[];
  /** Text of the `index`-th step of this form; `eq` is the equation, `holder` who owns the result. */
  step(index: number, eq: string, story: Story, holder: Holder, reading: SentenceReading): string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const FORMS: readonly Form[] = [
  {
    id: 'has',
    kinds: ['items', 'money'],
    start: true,
    write: (story, _h, [n = 0]) => `${story.name} has ${amount(story, n)}.`,
    numberGroups: [1],
    ops: () => [],
    step: () => '',
  },
  {
    id: 'boxesStart',
    kinds: ['items'],
    start: true,
    write: (story, _h, [m = 0, p = 0]) => `${story.name} buys ${m} boxes of ${p} ${story.item}.`,
    numberGroups: [1, 2],
    ops: ([m = 0, p = 0]) => [{ kind: 'literals', op: '×', numbers: [m, p] }],
    step: (_i, eq, story, _h, { numbers: [m, p] }) =>
      `${story.name} buys ${m} boxes of ${p} ${story.item}, so ${story.pronoun.toLowerCase()} has ${eq} ${story.item}.`,
  },
  {
    id: 'more',
    kinds: ['items'],
    write: (story, holder, [k = 0]) => `${subject(story, holder)} buys ${k} more ${story.item}.`,
    pattern: (story) => new RegExp(`^${SUBJECT} buys ${N} more ${escape(story.item)}\\.$`, 'u'),
    numberGroups: [2],
    ops: ([k = 0]) => [{ kind: 'withLiteral', op: '+', number: k }],
    step: (_i, eq, story, holder, { numbers: [k] }) =>
      `${subject(story, holder)} buys ${k} more, so ${subjectLower(story, holder)} has ${eq} ${story.item}.`,
  },
  {
    id: 'fromFriend',
    kinds: ['items'],
    write: (story, holder, [k = 0], friend = '') => `${subject(story, holder)} gets ${k} ${story.item} from ${friend}.`,
    pattern: (story) => new RegExp(`^${SUBJECT} gets ${N} ${escape(story.item)} from ([A-Z][a-z]+)\\.$`, 'u'),
    numberGroups: [2],
    wordGroup: 3,
    ops: ([k = 0]) => [{ kind: 'withLiteral', op: '+', number: k }],
    step: (_i, eq, story, holder, { numbers: [k], word }) =>
      `${subject(story, holder)} gets ${k} from ${word ?? ''}, so ${subjectLower(story, holder)} has ${eq} ${story.item}.`,
  },
  {
    id: 'boxes',
    kinds: ['items'],
    write: (story, holder, [m = 0, p = 0]) => `${subject(story, holder)} gets ${m} boxes of ${p} ${story.item}.`,
    pattern: (story) => new RegExp(`^${SUBJECT} gets ${N} boxes of ${N} ${escape(story.item)}\\.$`, 'u'),
    numberGroups: [2, 3],
    ops: ([m = 0, p = 0]) => [
      { kind: 'literals', op: '×', numbers: [m, p] },
      { kind: 'withPrevious', op: '+' },
    ],
    step: (i, eq, story, holder, { numbers: [m, p] }) =>
      i === 0
        ? `The ${m} boxes of ${p} ${story.item} hold ${eq} ${story.item}.`
        : `Adding them, ${subjectLower(story, holder)} has ${eq} ${story.item}.`,
  },
  {
    id: 'gives',
    kinds: ['items'],
    write: (story, holder, [q = 0]) => `${subject(story, holder)} gives away ${q} ${story.item}.`,
    pattern: (story) => new RegExp(`^${SUBJECT} gives away ${N} ${escape(story.item)}\\.$`, 'u'),
    numberGroups: [2],
    ops: ([q = 0]) => [{ kind: 'withLiteral', op: '-', number: q }],
    step: (_i, eq, story, holder, { numbers: [q] }) =>
      `After giving away ${q}, ${subjectLower(story, holder)} has ${eq} ${story.item} left.`,
  },
  {
    id: 'loses',
    kinds: ['items'],
    write: (story, holder, [q = 0]) => `${subject(story, holder)} loses ${q} ${story.item}.`,
    pattern: (story) => new RegExp(`^${SUBJECT} loses ${N} ${escape(story.item)}\\.$`, 'u'),
    numberGroups: [2],
    ops: ([q = 0]) => [{ kind: 'withLiteral', op: '-', number: q }],
    step: (_i, eq, story, holder, { numbers: [q] }) =>
      `After losing ${q}, ${subjectLower(story, holder)} has ${eq} ${story.item}.`,
  },
  {
    id: 'doubles',
    kinds: ['items'],
    write: (story, holder) => `${subject(story, holder)} doubles the number of ${story.item}.`,
    pattern: (story) => new RegExp(`^${SUBJECT} doubles the number of ${escape(story.item)}\\.$`, 'u'),
    numberGroups: [],
    ops: () => [{ kind: 'withLiteral', op: '×', number: 2 }],
    step: (_i, eq, story) => `Doubling gives ${eq} ${story.item}.`,
  },
  {
    id: 'triples',
    kinds: ['items'],
    write: (story, holder) => `${subject(story, holder)} triples the number of ${story.item}.`,
    pattern: (story) => new RegExp(`^${SUBJECT} triples the number of ${escape(story.item)}\\.$`, 'u'),
    numberGroups: [],
    ops: () => [{ kind: 'withLiteral', op: '×', number: 3 }],
    step: (_i, eq, story) => `Tripling gives ${eq} ${story.item}.`,
  },
  {
    id: 'shares',
    kinds: ['items', 'money'],
    write: (story, holder, [r = 0], groups = '') =>
      `${subject(story, holder)} shares the ${story.kind === 'money' ? 'money' : story.item} equally among ${r} ${groups}.`,
    pattern: (story) =>
      new RegExp(`^${SUBJECT} shares the ${story.kind === 'money' ? 'money' : escape(story.item)} equally among ${N} ([a-z]+)\\.$`, 'u'),
    numberGroups: [2],
    wordGroup: 3,
    ops: ([r = 0]) => [{ kind: 'withLiteral', op: '÷', number: r }],
    // `holder` here is already the new one (each member of the group).
    step: (_i, eq, story, holder, { numbers: [r], word }) =>
      `Shared equally among ${r} ${word ?? ''}, each ${holder.group ?? ''} gets ${eq} ${story.item}.`,
  },
  {
    id: 'earns',
    kinds: ['money'],
    write: (story, holder, [k = 0], reason = '') => `${subject(story, holder)} earns $${k} ${reason}.`,
    pattern: () => new RegExp(`^${SUBJECT} earns \\$${N} ([a-z][a-z ]*)\\.$`, 'u'),
    numberGroups: [2],
    wordGroup: 3,
    ops: ([k = 0]) => [{ kind: 'withLiteral', op: '+', number: k }],
    step: (_i, eq, story, holder, { numbers: [k] }) =>
      `${subject(story, holder)} earns ${k} dollars, so ${subjectLower(story, holder)} has ${eq} dollars.`,
  },
  {
    id: 'spends',
    kinds: ['money'],
    write: (story, holder, [q = 0], thing = '') => `${subject(story, holder)} spends $${q} on ${thing}.`,
    pattern: () => new RegExp(`^${SUBJECT} spends \\$${N} on ([a-z][a-z ]*)\\.$`, 'u'),
    numberGroups: [2],
    wordGroup: 3,
    ops: ([q = 0]) => [{ kind: 'withLiteral', op: '-', number: q }],
    step: (_i, eq, story, holder, { numbers: [q], word }) =>
      `${subject(story, holder)} spends ${q} dollars on ${word ?? ''}, so ${subjectLower(story, holder)} has ${eq} dollars left.`,
  },
  {
    id: 'buysPriced',
    kinds: ['money'],
    write: (story, holder, [q = 0, p = 0], things = '') => `${subject(story, holder)} buys ${q} ${things} for $${p} each.`,
    pattern: () => new RegExp(`^${SUBJECT} buys ${N} ([a-z]+) for \\$${N} each\\.$`, 'u'),
    numberGroups: [2, 4],
    wordGroup: 3,
    ops: ([q = 0, p = 0]) => [
      { kind: 'literals', op: '×', numbers: [q, p] },
      { kind: 'withPrevious', op: '-' },
    ],
    step: (i, eq, story, holder, { numbers: [q, p], word }) =>
      i === 0
        ? `${q} ${word ?? ''} at ${p} dollars each cost ${eq} dollars.`
        : `After paying, ${subjectLower(story, holder)} has ${eq} dollars left.`,
  },
  {
    id: 'works',
    kinds: ['money'],
    write: (story, holder, [h = 0, p = 0]) => `${subject(story, holder)} works ${h} hours at $${p} per hour.`,
    pattern: () => new RegExp(`^${SUBJECT} works ${N} hours at \\$${N} per hour\\.$`, 'u'),
    numberGroups: [2, 3],
    ops: ([h = 0, p = 0]) => [
      { kind: 'literals', op: '×', numbers: [h, p] },
      { kind: 'withPrevious', op: '+' },
    ],
    step: (i, eq, story, holder, { numbers: [h, p] }) =>
      i === 0
        ? `Working ${h} hours at ${p} dollars per hour earns ${eq} dollars.`
        : `Now ${subjectLower(story, holder)} has ${eq} dollars.`,
  },
];

const BY_ID = new Map(FORMS.map((form) => [form.id, form]));

export function form(id: FormId): Form {
  const found = BY_ID.get(id);
  if (!found) throw new RangeError(`unknown sentence form ${id}`);
  return found;
}

export function formsFor(kind: StoryKind, start: boolean): readonly Form[] {
  return FORMS.filter((f) => f.kinds.includes(kind) && (f.start ?? false) === start);
}

/** The closing question. */
export function question(story: Story, holder: Holder): string {
  const who = holder.group ? `each ${holder.group}` : story.name;
  return `How many ${story.item} does ${who} have now?`;
}

/** Reads the opening sentence: it fixes the character, the kind of story and what is counted. */
export function readStart(sentence: string): { story: Story; reading: SentenceReading } | undefined {
  const money = /^([A-Z][a-z]+) has \$(\d+)\.$/u.exec(sentence);
  const items = /^([A-Z][a-z]+) has (\d+) ([a-z]+)\.$/u.exec(sentence);
  const boxes = /^([A-Z][a-z]+) buys (\d+) boxes of (\d+) ([a-z]+)\.$/u.exec(sentence);
  const pronounOf = (name: string): 'She' | 'He' | undefined => NAMES.find(([n]) => n === name)?.[1];
  if (money?.[1] && money[2]) {
    const pronoun = pronounOf(money[1]);
    if (!pronoun) return undefined;
    return { story: { kind: 'money', name: money[1], pronoun, item: 'dollars' }, reading: { form: 'has', numbers: [Number(money[2])] } };
  }
  if (items?.[1] && items[2] && items[3] && ITEMS.includes(items[3])) {
    const pronoun = pronounOf(items[1]);
    if (!pronoun) return undefined;
    return { story: { kind: 'items', name: items[1], pronoun, item: items[3] }, reading: { form: 'has', numbers: [Number(items[2])] } };
  }
  if (boxes?.[1] && boxes[2] && boxes[3] && boxes[4] && ITEMS.includes(boxes[4])) {
    const pronoun = pronounOf(boxes[1]);
    if (!pronoun) return undefined;
    return {
      story: { kind: 'items', name: boxes[1], pronoun, item: boxes[4] },
      reading: { form: 'boxesStart', numbers: [Number(boxes[2]), Number(boxes[3])] },
    };
  }
  return undefined;
}

/** Reads one later sentence of a story, given who holds the quantity now. */
export function readSentence(sentence: string, story: Story, holder: Holder): SentenceReading | undefined {
  for (const candidate of formsFor(story.kind, false)) {
    const match = candidate.pattern?.(story).exec(sentence);
    if (!match) continue;
    if (match[1] !== subject(story, holder)) continue; // the sentence must be about the current holder
    const numbers = candidate.numberGroups.map((g) => Number(match[g]));
    if (numbers.some((n) => !Number.isSafeInteger(n))) continue;
    const word = candidate.wordGroup === undefined ? undefined : match[candidate.wordGroup];
    if (candidate.id === 'shares' && !GROUPS.some(([plural]) => plural === word)) continue;
    return word === undefined ? { form: candidate.id, numbers } : { form: candidate.id, numbers, word };
  }
  return undefined;
}

/** The holder after a sentence: a split makes each member of the group the holder. */
export function holderAfter(reading: SentenceReading, holder: Holder): Holder {
  if (reading.form !== 'shares') return holder;
  const group = GROUPS.find(([plural]) => plural === reading.word)?.[1];
  return group ? { group } : holder;
}
