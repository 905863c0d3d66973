// The thinking-budget acceptance command, measured: `ponder solve --host <stand-in> --model qwen3:1.7b
// --json [--think-budget N] "What is (17*23)+5-9?"` against an in-process stand-in, once per budget, printing
// each sample's thinking tokens and how its thinking ended, and the run's token totals. `none` runs without a
// budget, so each trace runs its natural length within the generation's trace allowance.
//
//   npx tsx bench/think-budget-cli.ts [--budgets none,128,16] [--model qwen3:1.7b] [--problem "What is (17*23)+5-9?"]
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main';
import { startStandin } from '../src/standin';
import { recordingIo } from '../test/support/cli-io';

const { values } = parseArgs({
  options: {
    budgets: { type: 'string', default: 'none,128,16' },
    model: { type: 'string', default: 'qwen3:1.7b' },
    problem: { type: 'string', default: 'What is (17*23)+5-9?' },
  },
});

interface Sample {
  sample: number | null;
  tokens: number;
  budget: number | null;
  ending: string | null;
  limit: string | null;
}
interface Result {
  answer: string | null;
  thinking: Sample[];
  usage: { generatedTokens: number; promptTokens: number; thinkingTokens?: number; verifyTokens?: number };
}

/** Runs one CLI command in this process and returns what it wrote. */
async function run(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function measure(): Promise<void> {
  const standin = await startStandin({ parallel: 4 });
  try {
    for (const budget of values.budgets.split(',')) {
      const budgetArgs = budget === 'none' ? [] : ['--think-budget', budget];
      const command = ['solve', '--host', standin.url, '--model', values.model, ...budgetArgs, '--json', values.problem];
      const { code, out, err } = await run(command);
      console.log(`\n$ ponder ${command.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}`);
      if (code !== 0) {
        console.log(`exit ${code}: ${err.trim()}`);
        continue;
      }
      const result = JSON.parse(out) as Result;
      console.log(`answer ${result.answer ?? '(none)'}`);
      console.log('| sample | thinking tokens | ending |');
      console.log('|---|---|---|');
      for (const s of result.thinking) {
        const ending = s.ending === null ? 'natural (no limit reached)' : `${s.ending} at ${s.budget ?? '?'}${s.limit === 'allowance' ? ' (allowance)' : ''}`;
        console.log(`| ${s.sample ?? '-'} | ${s.tokens} | ${ending} |`);
      }
      const u = result.usage;
      console.log(`total: ${u.generatedTokens} generated (${u.thinkingTokens ?? 0} thinking, ${u.verifyTokens ?? 0} verification), ${u.promptTokens} prompt`);
    }
  } finally {
    await standin.close();
  }
}

measure().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
