// Bad input through the language server, against the Ollama stand-in: empty, binary, control-character and
// enormous selections, every kind of invalid setting for every setting, corrupt policy files; and recorded
// sample files with broken lines, through `ponder bench` and the replay loader. Each case
// checks the exact words the user sees (what is wrong, what to do), that no request was wasted on input
// that cannot work, and that the same server then solves a normal problem.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { describeLineErrors, loadRecordedFile } from '../../../src/engine/model/replay/load';
import { DEFAULT_POLICY } from '../../../src/engine/stopping/policy';
import { GET_RUN_METHOD } from '../../../src/protocol/lsp';
import type { GetRunParams, SolveParams, SolveResultParams } from '../../../src/protocol/lsp';
import type { PonderSettings } from '../../../src/protocol/settings';
import { DEFAULT_SETTINGS, MAX_CONTEXT_LENGTH, MIN_THINK_BUDGET, parseSettings } from '../../../src/protocol/settings';
import type { TreeSnapshot } from '../../../src/protocol/tree';
import { SettingsState } from '../../../src/server/settings-state';
import type { Standin } from '../../../src/standin';
import { startStandin } from '../../../src/standin';
import { testIo } from '../bench/helpers';
import { ServerHarness, until } from '../server/harness';

const NORMAL: SolveParams = { problem: 'What is 9 + 10?', mode: 'fixed', strategy: 'majority', samples: 2 };
const EMPTY_MESSAGE = 'The problem is empty: select the text of a math problem and try again.';
const BINARY_MESSAGE = 'The selection does not look like text (it is mostly binary or control characters): select the text of a math problem.';
const MISSING_POLICY = join(tmpdir(), 'ponder-no-such-folder', 'policy.json');

/**
 * Values each setting must refuse, beyond the wrong types every setting refuses (WRONG_TYPES). The type
 * names every key of PonderSettings: a new setting does not compile until its invalid values are listed.
 */
const INVALID: { readonly [K in keyof PonderSettings]: readonly unknown[] } = {
  ollamaHost: ['', 'ftp://127.0.0.1:11434', 'javascript:alert(1)', 'http://exa mple.com', 'http://127.0.0.1:123456', 'file:///etc/passwd'],
  model: ['', 'qwen 2.5', 'qwen2.5:1.5b; rm -rf ~', '<script>'],
  verifierModel: ['qwen 2.5', '$(reboot)'],
  mode: ['turbo', 'Adaptive', ''],
  fixedStrategy: ['telepathy', ''],
  fixedSamples: [0, 257, 2.5],
  maxTokensPerProblem: [63, 10_000_001, 100.5],
  confidenceTarget: [0.49, 1, 1.5],
  parallelRequests: [0, 65, 1.5],
  contextLength: [511, 2_000_000, 4096.5],
  stallTimeoutSeconds: [0, 3601],
  think: ['true', 1, 'On', 'max', ''],
  thinkBudget: [1, MIN_THINK_BUDGET - 1, MAX_CONTEXT_LENGTH + 1, 100.5],
  temperature: [2.1],
  hoverEnabled: ['false', 1],
  policyFile: [MISSING_POLICY],
  useSimulatedModel: ['true', 1],
  backend: ['tgi', 'OpenAI', ''],
  openaiBaseUrl: [
    '', ',', '127.0.0.1:8000', 'ftp://h/v1', 'javascript:alert(1)', 'http://user:key@h/v1', 'http://h/v1?x=1', 'http://exa mple.com/v1',
    'http://a:8000/v1, ftp://b/v1', 'http://a:8000/v1, http://user:key@b/v1', 'http://a:8000/v1,http://A:8000/v1/',
  ],
  verifier: ['reward', 'PRM', ''],
  verifierBaseUrl: ['127.0.0.1:8001', 'ftp://h/v1', 'http://user:key@h/v1', 'http://a/v1, http://b/v1', 'javascript:alert(1)'],
  prmStyle: ['shepherd', 'Qwen', ''],
};

/** Values of the wrong type (and, for numbers, negative or absurd), by the type of the setting's default. */
const WRONG_TYPES: Record<'string' | 'number' | 'boolean', readonly unknown[]> = {
  string: [42, true, ['x'], { host: 'x' }],
  number: ['8', true, [8], {}, -1, 1e15],
  boolean: ['yes', 0, {}],
};

/** Values of another type a setting still reads from earlier versions (`ponder.think` was true or false). */
const LEGACY: { readonly [K in keyof PonderSettings]?: readonly unknown[] } = { think: [true, false] };

/** JSON cannot carry these (they arrive as null, which means "not set"): checked on the parser directly. */
const NOT_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof PonderSettings)[];

/** Settings whose default is null (not set), by the type of the value they take when set. */
const NULLABLE: { readonly [K in keyof PonderSettings]?: 'number' } = { confidenceTarget: 'number' };

const kindOf = (key: keyof PonderSettings): 'string' | 'number' | 'boolean' =>
  NULLABLE[key] ?? (typeof DEFAULT_SETTINGS[key] as 'string' | 'number' | 'boolean');

function invalidValues(key: keyof PonderSettings): unknown[] {
  const kind = kindOf(key);
  // Each distinct message is reported once a session: no value twice.
  const values = [...WRONG_TYPES[kind].filter((value) => !LEGACY[key]?.includes(value)), ...INVALID[key]];
  return values.filter((value, i) => values.findIndex((other) => Object.is(other, value)) === i);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message names the setting, says what a valid value is and which value is used instead. */
function assertActionable(key: keyof PonderSettings, value: unknown, message: string): void {
  const context = `${key} = ${String(value)}: ${message}`;
  if (key === 'policyFile' && typeof value === 'string') {
    assert.ok(message.startsWith(`ponder.policyFile: cannot read the policy file ${value}: `), context);
    assert.ok(message.endsWith('. Fix the file or clear ponder.policyFile; until then adaptive mode uses the built-in policy.'), context);
    return;
  }
  // An unset setting is named by what it means, never as "null".
  const used = key === 'confidenceTarget' ? escapeRegExp("each difficulty bin's own threshold from the policy") : escapeRegExp(JSON.stringify(DEFAULT_SETTINGS[key]));
  assert.match(message, new RegExp(`^ponder\\.${key} must be [^;]+; using ${used} instead of .+\\.$`, 's'), context);
}

describe('bad input through the language server', () => {
  let standin: Standin;
  let server: ServerHarness;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ponder-bad-input-'));
    standin = await startStandin({ parallel: 2 });
    server = await ServerHarness.start({ ollamaHost: standin.url });
  });
  after(async () => {
    await server.close();
    await standin.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The server goes on solving a normal problem with good settings. */
  async function stillServes(): Promise<void> {
    await server.configure({ ollamaHost: standin.url });
    const result = await server.solve(NORMAL);
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '19');
  }

  /** Solves `problem` and checks that it was refused with `message` before any request reached the stand-in. */
  async function refused(problem: string, kind: string, message: string | RegExp): Promise<SolveResultParams> {
    const requestsBefore = standin.stats().totalRequests;
    const result = await server.solve({ ...NORMAL, problem });
    assert.equal(result.error?.kind, kind, `${JSON.stringify(problem.slice(0, 40))}: ${result.error?.message ?? 'no error'}`);
    if (typeof message === 'string') assert.equal(result.error.message, message);
    else assert.match(result.error.message, message);
    assert.equal(result.answer, null);
    assert.equal(standin.stats().totalRequests, requestsBefore, 'no request reached the stand-in');
    return result;
  }

  test('empty and whitespace-only selections', async () => {
    for (const problem of ['', ' ', '\n\t  \r\n', '\u00a0\u2003\u3000']) await refused(problem, 'bad-input', EMPTY_MESSAGE);
    await stillServes();
  });

  test('binary selections: an image header, NULs, undecodable bytes', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 0x10, 0, 0, 0, 0x10, 8, 6, 0, 0, 0]);
    const undecodable = Buffer.from(Array.from({ length: 64 }, (_, i) => 0x80 + ((i * 37) % 0x7f)));
    for (const problem of [png.toString('utf8'), png.toString('latin1'), '\u0000'.repeat(32), undecodable.toString('utf8'), '\u001b[0m\u001b[0m\u0000\u0000 x']) {
      await refused(problem, 'bad-input', BINARY_MESSAGE);
    }
    // Nothing left once the controls are gone: bidi overrides alone.
    await refused('\u202e\u202e\u2066', 'bad-input', BINARY_MESSAGE);
    await stillServes();
  });

  test('control characters inside a real problem are dropped before the model, the tree and the hover see it', async () => {
    const problems = [
      '\u001b[1;31mWhat is 9 + 10?\u001b[0m',
      'What\u0000 is 9 + 10?',
      '\u202eWhat is 9 + 10?\u202c',
      '\u001b]0;pwned\u0007What is\u2066 9 + 10?\u2069',
    ];
    for (const problem of problems) {
      const result = await server.solve({ ...NORMAL, problem });
      assert.equal(result.error, undefined, `${JSON.stringify(problem)}: ${result.error?.message ?? ''}`);
      assert.equal(result.answer, '19', JSON.stringify(problem));
      const run = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId: result.runId } satisfies GetRunParams);
      assert.ok(run);
      assert.equal(run.problem.replace(/\s+/g, ' ').trim(), 'What is 9 + 10?', JSON.stringify(run.problem));
    }
  });

  test('an enormous selection: a clear message and no request sent', async () => {
    // Over the default context length (8192): the message names a context length that would fit, and that
    // length is one the settings accept.
    const long = `What is 1 + 1? ${'Some context that goes on. '.repeat(4000)}`;
    const tooLong = await refused(long, 'context-too-small', /^The problem needs about \d+ tokens of prompt plus at least 512 for the answer, but the context length is 8192\. Set ponder\.contextLength to \d+ or more \(the model must support it\), or shorten the problem\.$/);
    const suggested = tooLong.error?.suggestedContextLength ?? 0;
    assert.ok(suggested > long.length / 4, `suggested ${suggested}`);
    assert.ok(tooLong.error?.message.includes(`to ${suggested} or more`));
    assert.deepEqual(parseSettings({ contextLength: suggested }).problems, [], 'the suggestion is a valid setting');
    // Over any context length Ponder can use (5 MB): no setting would help, so none is suggested.
    const huge = `What is 1 + 1? ${'x'.repeat(5 * 1024 * 1024)}`;
    const hopeless = await refused(huge, 'context-too-small', /^The selection is far too long for a problem: about \d+ tokens, more than the largest context length Ponder can use \(1048576\)\. Select only the text of the problem\.$/);
    assert.equal(hopeless.error?.suggestedContextLength, undefined);
    assert.equal(MAX_CONTEXT_LENGTH, 1_048_576);
    assert.match(parseSettings({ contextLength: MAX_CONTEXT_LENGTH + 1 }).problems[0] ?? '', /between 512 and 1048576/);
    await stillServes();
  });

  test('every invalid value of every setting is reported, naming the setting, and the default is used', async () => {
    for (const key of KEYS) {
      for (const value of invalidValues(key)) {
        const seen = server.warnings.length;
        await server.configure({ ollamaHost: standin.url, [key]: value });
        await until(() => server.warnings.slice(seen).some((w) => w.message.startsWith(`ponder.${key}`)), 5000, `a warning about ponder.${key} = ${JSON.stringify(value)}`);
        const fresh = server.warnings.slice(seen).map((w) => w.message);
        assert.equal(fresh.length, 1, fresh.join('\n'));
        assertActionable(key, value, fresh[0] ?? '');
      }
    }
    await stillServes();
  });

  test('the settings the server holds after an invalid value are the defaults (parser and session state)', async () => {
    for (const key of KEYS) {
      const values = invalidValues(key);
      if (kindOf(key) === 'number') values.push(...NOT_FINITE);
      for (const value of values) {
        const warned: string[] = [];
        const state = new SettingsState((message) => warned.push(message));
        const parsed = await state.update({ ponder: { [key]: value } });
        assert.deepEqual(state.current[key], DEFAULT_SETTINGS[key], `${key} = ${String(value)}`);
        assert.deepEqual(state.current, DEFAULT_SETTINGS, `${key} = ${String(value)}: the other settings keep their defaults`);
        assert.equal(warned.length, 1, warned.join('\n'));
        assert.deepEqual(parsed.problems, warned);
        assertActionable(key, value, warned[0] ?? '');
      }
    }
    // NaN is shown as the user wrote it, not as JSON's null.
    assert.match(parseSettings({ temperature: Number.NaN }).problems[0] ?? '', /instead of NaN\.$/);
  });

  test('with invalid model, strategy and sample count the defaults really run', async () => {
    await server.configure({ ollamaHost: standin.url, model: 'qwen 2.5', fixedStrategy: 'telepathy', fixedSamples: 0 });
    const result = await server.solve({ problem: 'What is 9 + 10?', mode: 'fixed' });
    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.answer, '19');
    assert.equal(result.strategy, DEFAULT_SETTINGS.fixedStrategy);
    const run = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId: result.runId } satisfies GetRunParams);
    const chains = run?.nodes.filter((n) => n.parentId === run.nodes[0]?.id && n.kind !== 'decision').length;
    assert.equal(chains, DEFAULT_SETTINGS.fixedSamples, 'the default number of chains');
    await stillServes();
  });

  describe('a corrupt policy file', () => {
    const policy = (change: (bins: Record<string, unknown>[]) => void): string => {
      const json = JSON.parse(JSON.stringify(DEFAULT_POLICY)) as { bins: Record<string, unknown>[] };
      change(json.bins);
      return JSON.stringify({ ...json, bins: Object.fromEntries(json.bins.map((bin, i) => [String(i + 1), bin])) });
    };
    const CASES: { name: string; text?: string; reason: RegExp }[] = [
      { name: 'not JSON', text: '{ "version": 1, probe: ', reason: /is not valid JSON: / },
      { name: 'a list', text: '[1, 2, 3]', reason: /: the policy must be an object/ },
      { name: 'wrong shape', text: '{ "version": 1, "probe": { "samples": "four" } }', reason: /: probe\.samples must be/ },
      { name: 'unknown strategy', text: policy((bins) => void Object.assign(bins[2] ?? {}, { strategy: 'telepathy' })), reason: /: bins\.3\.strategy "telepathy" is not a strategy live solving can run \(posterior, majority/ },
      { name: 'missing', reason: /: cannot read the policy file .*ENOENT/ },
    ];

    for (const { name, text, reason } of CASES) {
      test(`${name}: the user is told, and adaptive solving uses the built-in policy`, async () => {
        const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
        if (text !== undefined) await writeFile(file, text);
        const seen = server.warnings.length;
        await server.configure({ ollamaHost: standin.url, policyFile: file });
        await until(() => server.warnings.length > seen, 5000, 'the policy warning');
        const message = server.warnings[seen]?.message ?? '';
        assert.ok(message.startsWith('ponder.policyFile: '), message);
        assert.ok(message.includes(file), `names the file: ${message}`);
        assert.match(message, reason);
        assert.ok(message.endsWith('. Fix the file or clear ponder.policyFile; until then adaptive mode uses the built-in policy.'), message);
        const result = await server.solve({ problem: 'What is 9 + 10?', mode: 'adaptive', samples: 8 });
        assert.equal(result.error, undefined, result.error?.message);
        assert.equal(result.answer, '19');
        const run = await server.request<TreeSnapshot | null>(GET_RUN_METHOD, { runId: result.runId } satisfies GetRunParams);
        assert.ok(run?.decisions.some((d) => d.kind === 'strategy' && d.data?.policy === 'built-in'), JSON.stringify(run?.decisions));
      });
    }

    test('a policy file broken after it was accepted: the solve fails and says why', async () => {
      const file = join(dir, 'later-broken.json');
      await writeFile(file, JSON.stringify({ ...DEFAULT_POLICY, bins: Object.fromEntries(DEFAULT_POLICY.bins.map((bin, i) => [String(i + 1), bin])) }));
      const seen = server.warnings.length;
      await server.configure({ ollamaHost: standin.url, policyFile: file });
      const accepted = await server.solve({ problem: 'What is 9 + 10?', mode: 'adaptive', samples: 8 });
      assert.equal(accepted.error, undefined, accepted.error?.message);
      assert.equal(server.warnings.length, seen, 'a good policy file raises no warning');
      await writeFile(file, '{ broken');
      const requestsBefore = standin.stats().totalRequests;
      const result = await server.solve({ problem: 'What is 9 + 10?', mode: 'adaptive', samples: 8 });
      assert.equal(result.error?.kind, 'bad-input', result.error?.message);
      assert.ok(result.error.message.startsWith(`The adaptive policy file is not usable: ${file} is not valid JSON`), result.error.message);
      assert.equal(standin.stats().totalRequests, requestsBefore, 'no model call before the policy is read');
      await stillServes();
    });
  });
});

describe('a recorded-sample file with broken lines', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ponder-broken-lines-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const good = (i: number): string =>
    JSON.stringify({ id: `p${i}`, source: 'fixture', problem: `Problem ${i}`, gold: '42', samples: [{ answer: '42', correct: true, tokens: 60 }, { answer: '7', correct: false, tokens: 70 }] });
  /** Five good problems with broken lines between them; the line numbers are the ones the user must see. */
  const LINES = [
    good(1),
    'not json at all',
    good(2),
    '',
    '\u0000\u0001\u0089PNG\u001b]0;pwned\u0007',
    good(3),
    '{"id": "no-problem", "gold": "1", "samples": []}',
    '{"id": "cut", "problem": "P", "gold": "1", "sampl',
    good(4),
    '[1, 2]',
    '{"id": "p1", "problem": "again", "gold": "1", "samples": [{"answer": "1", "correct": true}]}',
    good(5),
  ];
  const EXPECTED = [
    /:2: not valid JSON \(.*\) \(line skipped\)$/,
    /:5: not valid JSON \(.*\) \(line skipped\)$/,
    /:7: "problem" must be a non-empty string \(line skipped\)$/,
    /:8: not valid JSON \(Unterminated string.*\) \(line skipped\)$/,
    /:10: not a JSON object \(line skipped\)$/,
    /:11: duplicate id "p1" \(line skipped\)$/,
  ];

  test('ponder bench reports each broken line with its number and uses the rest', async () => {
    const file = join(dir, 'broken.jsonl');
    await writeFile(file, `${LINES.join('\n')}\n`);
    const out = join(dir, 'out');
    const io = testIo();
    const code = await main(['bench', '--dataset', file, '--strategies', 'majority', '--budgets', '1,2', '--repeats', '2', '--out', out], io);
    assert.equal(code, 0, io.err());
    const warnings = io.err().split('\n').filter((line) => line.startsWith('warning: '));
    assert.equal(warnings.length, EXPECTED.length, warnings.join('\n'));
    EXPECTED.forEach((pattern, i) => {
      assert.ok(warnings[i]?.startsWith(`warning: ${file}:`), warnings[i]);
      assert.match(warnings[i] ?? '', pattern);
    });
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(io.err(), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'no control bytes from the file reach the terminal');
    const records = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as { problems: number }[];
    assert.ok(records.length > 0);
    for (const record of records) assert.equal(record.problems, 5, 'the five good problems are used');
    const report = await readFile(join(out, 'report.md'), 'utf8');
    assert.match(report, /Skipped 6 broken lines \(line 2: not valid JSON/);
  });

  test('the replay loader returns the good problems and the broken lines with their numbers', async () => {
    const file = join(dir, 'replay.jsonl');
    await writeFile(file, LINES.join('\n'));
    const loaded = await loadRecordedFile(file);
    assert.deepEqual(loaded.problems.map((p) => p.id), ['p1', 'p2', 'p3', 'p4', 'p5']);
    assert.deepEqual(loaded.errors.map((e) => e.line), [2, 5, 7, 8, 10, 11]);
    const described = describeLineErrors(file, loaded);
    assert.equal(described[2], `${file}:7: "problem" must be a non-empty string`);
  });

  test('a file with no usable line is refused, naming the first broken line', async () => {
    const file = join(dir, 'all-broken.jsonl');
    await writeFile(file, 'garbage\n[]\n');
    await assert.rejects(loadRecordedFile(file), (error: Error) => error.message === `${file} has no usable problems (line 1: not valid JSON (${jsonErrorOf('garbage')}))`);
    const io = testIo();
    const code = await main(['bench', '--dataset', file, '--strategies', 'majority', '--budgets', '1', '--repeats', '1', '--out', join(dir, 'none')], io);
    assert.notEqual(code, 0);
    assert.ok(io.err().includes(`${file} has no usable problems (line 1: not valid JSON`), io.err());
  });

  test('an output folder that cannot be made is refused before any sample, and a file in the way is named, never a stack trace', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const refused = testIo();
    const code = await main(['bench', '--backend', 'sim', '--limit', '2', '--strategies', 'majority', '--budgets', '1', '--out', join(file, 'out')], refused);
    assert.equal(code, 2);
    assert.equal(refused.err().split('\n')[0], `ponder: --out: cannot create the folder ${join(file, 'out')}: a part of the path is a file, not a folder (ENOTDIR)`);
    // A folder where the results belong: the run ends saying which path is in the way.
    const out = join(dir, 'blocked');
    await mkdir(join(out, 'results.json'), { recursive: true });
    const blocked = testIo();
    assert.equal(await main(['bench', '--backend', 'sim', '--limit', '2', '--strategies', 'majority', '--budgets', '1', '--out', out], blocked), 1);
    const lines = blocked.err().trim().split('\n');
    assert.equal(lines.at(-1), `ponder: cannot replace ${join(out, 'results.json')}: it is a folder (EISDIR)`);
    assert.doesNotMatch(blocked.err(), /\n\s+at /);
  });
});

function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
