// `ponder solve --think-budget N` against the stand-in over HTTP: the budget reaches every sample's
// generation, no trace runs past it, and `--json` reports each sample's thinking.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { startStandin } from '../../../src/standin';
import { recordingIo } from '../../support/cli-io';

interface SampleThinking {
  sample: number | null;
  tokens: number;
  budget: number | null;
  ending: string | null;
  extensions: number;
  limit: string | null;
}

interface JsonResult {
  answer: string | null;
  thinking: SampleThinking[];
  usage: { generatedTokens: number; thinkingTokens?: number; verifyTokens?: number };
  tree: { decisions: { message: string }[]; nodes: { kind: string; answer?: string; thinking?: string; sample?: number }[] };
}

async function solveJson(args: readonly string[]): Promise<{ code: number; result: JsonResult; err: string }> {
  const io = recordingIo();
  const code = await main(['solve', '--json', ...args], io);
  return { code, result: JSON.parse(io.out() || 'null') as JsonResult, err: io.err() };
}

describe('ponder solve --think-budget', () => {
  test('qwen3:1.7b with a budget of 128 answers 387: every sample is cut at 128 and its answer forced', async () => {
    const standin = await startStandin({ parallel: 4 });
    try {
      const { code, result, err } = await solveJson(['--host', standin.url, '--model', 'qwen3:1.7b', '--think-budget', '128', 'What is (17*23)+5-9?']);
      assert.equal(code, 0, err);
      assert.equal(result.answer, '387');
      assert.ok(result.thinking.length > 0, 'every sample reports its thinking');
      // The stand-in's qwen3 thinks as long as the problem wants (a few hundred tokens here): 128 bites.
      for (const sample of result.thinking) {
        assert.deepEqual([sample.tokens, sample.budget, sample.ending, sample.limit], [128, 128, 'cut', 'budget'], `sample ${sample.sample}`);
      }
      // Each cut trace was answered from: every sample has an answer node with the answer.
      const answers = result.tree.nodes.filter((n) => n.kind === 'answer');
      assert.deepEqual(
        result.thinking.map((s) => answers.find((n) => n.sample === s.sample)?.answer),
        result.thinking.map(() => '387'),
      );
      assert.ok((result.usage.thinkingTokens ?? 0) > 0, 'thinking tokens are summed in the usage');
      assert.equal(result.usage.thinkingTokens, result.thinking.reduce((sum, s) => sum + s.tokens, 0));
      assert.ok(result.tree.decisions.some((d) => /thinking budget: 128 tokens per generation; forced/.test(d.message)));
    } finally {
      await standin.close();
    }
  });

  test('a budget smaller than the trace cuts every sample there and the model still answers from its trace', async () => {
    const standin = await startStandin({ parallel: 4 });
    try {
      const { code, result, err } = await solveJson([
        '--host', standin.url, '--model', 'qwen3:1.7b', '--strategy', 'majority', '--samples', '4', '--think-budget', '4', 'What is (17*23)+5-9?',
      ]);
      assert.equal(code, 0, err);
      assert.equal(result.thinking.length, 4);
      for (const sample of result.thinking) {
        assert.deepEqual([sample.tokens, sample.budget, sample.ending], [4, 4, 'cut']);
      }
      assert.equal(result.answer, '387');
      // Two requests per sample: the chat call that ran to the budget, then the raw call that answered.
      assert.equal(standin.stats().generationsCompleted, 8);
    } finally {
      await standin.close();
    }
  });

  test('--think-min extends a trace that ends early with "Wait", within the budget', async () => {
    const standin = await startStandin({ parallel: 4 });
    try {
      const { code, result, err } = await solveJson([
        '--host', standin.url, '--model', 'qwen3:1.7b', '--strategy', 'majority', '--samples', '2',
        // The simulated thinking model's trace for this problem is a few hundred tokens: a minimum of 900 is early.
        '--think-budget', '4000', '--think-min', '900', 'What is (17*23)+5-9?',
      ]);
      assert.equal(code, 0, err);
      assert.equal(result.answer, '387');
      for (const sample of result.thinking) {
        assert.equal(sample.ending, 'extended');
        assert.ok(sample.extensions >= 1);
        assert.ok(sample.tokens >= 900 && sample.tokens <= 4000, `thought ${sample.tokens}`);
      }
      const traces = result.tree.nodes.filter((n) => n.thinking !== undefined).map((n) => n.thinking ?? '');
      assert.ok(traces.length > 0 && traces.every((t) => /\n\nWait/.test(t)), 'the trace shows the "Wait"');
      assert.ok(result.tree.decisions.some((d) => /below 900, "Wait" and think on/.test(d.message)));
    } finally {
      await standin.close();
    }
  });

  test('bad values get clear messages', async () => {
    for (const [args, message] of [
      [['--think', 'maybe'], /--think must be one of off, on, low, medium, high, not "maybe"/],
      [['--think-budget', 'lots'], /--think-budget must be a number, not "lots"/],
      [['--think-budget', '0'], /--think-budget must be at least 1, not 0/],
      [['--think-budget', '2.5'], /--think-budget must be a whole number/],
      [['--think', 'off', '--think-budget', '64'], /--think-budget needs thinking/],
      [['--think-min', '8'], /--think-min needs --think-budget/],
      [['--think-budget', '16', '--think-min', '32'], /--think-min \(32\) must be at most --think-budget \(16\)/],
    ] as const) {
      const io = recordingIo();
      const code = await main(['solve', '--sim', ...args, 'What is 2+2?'], io);
      assert.equal(code, 2, `${args.join(' ')}: ${io.err()}`);
      assert.match(io.err(), message);
    }
  });

  test('a bare --think still means on (the older flag)', async () => {
    const { code, result, err } = await solveJson(['--sim', '--strategy', 'majority', '--samples', '2', '--think', 'What is 2+2?']);
    assert.equal(code, 0, err);
    assert.equal(result.answer, '4');
  });
});

describe('ponder solve --think-budget with a model that does not think', () => {
  test('it solves as usual and says the budget had no effect', async () => {
    const standin = await startStandin({ parallel: 2 });
    try {
      const io = recordingIo();
      const code = await main(['solve', '--host', standin.url, '--model', 'qwen2.5:1.5b', '--strategy', 'majority', '--samples', '2', '--think-budget', '64', 'What is 2+2?'], io);
      assert.equal(code, 0, io.err());
      assert.match(io.out(), /^Answer: 4$/m);
      assert.match(io.out(), /the thinking budget of 64 tokens has no effect: this model does not report that it thinks/);
    } finally {
      await standin.close();
    }
  });
});
