// Agreement of the answer checker with the recorded correctness of every sample in the replay files.
// Then the same with every extraction rule allowed (the last-number fallback included), to show what
// the weaker rules would change. Run: npx tsx bench/answer-agreement.ts [--all]
// (lists at most 40 disagreements per file unless --all).
import { performance } from 'node:perf_hooks';
import { EXTRACTION_METHODS } from '../src/engine/answers/extract';
import type { Agreement, Disagreement } from '../test/support/replay';
import { REPLAY_FILES, readReplay, replayAgreement } from '../test/support/replay';

const LIST_LIMIT = process.argv.includes('--all') ? Infinity : 40;

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 160 ? flat : `…${flat.slice(-159)}`;
}

function describe(d: Disagreement): string {
  const answer = d.graded.answer === undefined ? '(none)' : JSON.stringify(d.graded.answer);
  return [
    `  ${d.id} #${d.index}: extracted ${answer} via ${d.graded.method}, gold ${JSON.stringify(d.gold)}, ` +
      `recorded ${String(d.recorded)}, ours ${String(d.graded.correct)}`,
    `      ${snippet(d.text)}`,
  ].join('\n');
}

function report(result: Agreement, label: string, elapsedMs?: number): number {
  const percent = (100 * result.agreements) / result.samples;
  const timing = elapsedMs === undefined ? '' : ` (${elapsedMs.toFixed(0)} ms)`;
  console.log(
    `${result.file} (${result.task}${label}): ${result.samples} samples, ${result.agreements} agree, ` +
      `${percent.toFixed(2)}% agreement, ${result.disagreements.length} disagreements${timing}`,
  );
  for (const d of result.disagreements.slice(0, LIST_LIMIT)) console.log(describe(d));
  if (result.disagreements.length > LIST_LIMIT) console.log(`  … ${result.disagreements.length - LIST_LIMIT} more (--all)`);
  return percent;
}

async function main(): Promise<boolean> {
  let failed = false;
  const lenient: Agreement[] = [];
  for (const { file, task } of REPLAY_FILES) {
    const problems = await readReplay(file);
    const started = performance.now();
    const result = replayAgreement(file, task, problems);
    if (report(result, '', performance.now() - started) < 99) failed = true;
    if (task !== 'game24') lenient.push(replayAgreement(file, task, problems, { methods: EXTRACTION_METHODS }));
  }
  console.log('\nWith every extraction rule allowed, the last-number fallback included:');
  for (const result of lenient) report(result, ', all rules');
  return !failed;
}

main().then(
  (ok) => {
    if (!ok) {
      console.error('agreement below 99% on at least one file');
      process.exitCode = 1;
    }
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
