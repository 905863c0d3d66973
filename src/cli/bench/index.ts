// `ponder bench`: measures accuracy against compute for outcome-level strategies on recorded samples
// (replay), the simulated reasoner or a live Ollama model, and writes results.json, report.md and plots.
import { DEFAULT_PRM } from '../../engine/model/openai/pooling';
import { compareVerifiers, renderVerifierComparison } from './verifier-compare';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { describeFileSystemError, isFileSystemError } from '../file-error';
import { join, resolve } from 'node:path';
import { isModelError } from '../../engine/model/errors';
import { serializePolicy } from '../../engine/stopping/policy';
import type { CliIo } from '../io';
import type { BenchRecord } from './aggregate';
import { aggregate } from './aggregate';
import { BENCH_HELP, parseBenchArgs } from './args';
import type { Backend } from './backends';
import { liveBackend, replayBackend } from './backends';
import type { UnitResult } from './cells';
import { Checkpoint, unitKey } from './checkpoint';
import { PriorBank } from './prior-bank';
import type { Comparison } from './compare';
import { compare } from './compare';
import type { BenchDataset } from './datasets';
import type { FitReport } from './fit';
import { fitPolicy } from './fit';
import { checkPolicyRuns, fingerprintOf, loadDatasets, planFor, readPolicy, readStrategies, withAblation } from './plan';
import { plotSpec, renderSvg, thinkingPlotSpec } from './plots';
import { thinkVariants } from './datasets';
import { thinkingSummary } from './think-report';
import { createProgress } from './progress-bar';
import { UsageError } from '../read-problem';
import { renderReport } from './report';
import { runPool, runUnit } from './run';
import type { DrawnSample, SampleStream } from './streams';
import { checkPolicyThinking, policyThinks, ThinkStreams } from './think-streams';

export async function runBench(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await benchCommand(argv, io);
  } catch (error) {
    // A model server that cannot be reached, a missing model, …: the message says what to do.
    if (isModelError(error)) {
      io.stderr.write(`ponder bench: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function benchCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseBenchArgs(argv);
  if (args.help) {
    io.stdout.write(BENCH_HELP);
    return 0;
  }
  const started = performance.now();
  const cwd = process.cwd();
  const strategies = readStrategies(args);
  const policy = readPolicy(args);
  const runsPolicy = strategies.some((s) => s.strategy === 'adaptive') || args.fitPolicy;
  if (runsPolicy) {
    checkPolicyRuns(policy, args);
    checkPolicyThinking(policy, args);
  }
  const loaded = loadDatasets(args, cwd);
  for (const d of loaded) {
    for (const e of d.lineErrors.slice(0, 10)) io.stderr.write(`warning: ${d.path ?? d.name}:${e.line}: ${e.message} (line skipped)\n`);
    if (d.lineErrors.length > 10) io.stderr.write(`warning: ${d.path ?? d.name}: ${d.lineErrors.length - 10} more broken lines skipped\n`);
  }
  // Checked before any sample is drawn: a fit that cannot hold a problem out in each fold would fail after them.
  for (const d of loaded) {
    if (args.fitPolicy && d.problems.length < args.fitFolds) {
      throw new UsageError(`--fit-folds ${args.fitFolds} needs at least ${args.fitFolds} problems in ${d.name} to hold one out in each fold; it has ${d.problems.length} (raise --limit or lower --fit-folds)`);
    }
  }
  // --think-budgets: one copy of every dataset per thinking budget, each sampled with its budget.
  const datasets = args.thinkBudgets ? loaded.flatMap((d) => thinkVariants(d, args.thinkBudgets as number[])) : loaded;
  // Live samples scored by the verifier carry scores whatever the dataset file holds.
  const scored = datasets.map((d) => (args.verify && args.backend !== 'replay' ? { ...d, hasScores: true } : d));
  const plans = scored.map((d) => planFor(d, withAblation(d, strategies, args), args));
  const maxBudget = Math.max(...plans.flatMap((p) => p.budgets));
  const repeats = args.repeats ?? (args.backend === 'replay' ? 20 : 1);
  const outDir = resolve(cwd, args.out ?? join('bench', 'out', `${args.datasets.join('+').replace(/[^\w.+-]+/g, '_')}-${args.backend}`));
  // Made before any model is reached: a folder that cannot be made would otherwise fail the run after it.
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    if (isFileSystemError(error)) throw new UsageError(`--out: ${describeFileSystemError(error)}`);
    throw error;
  }

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort(new Error('interrupted'));
  const backend: Backend =
    args.backend === 'replay'
      ? replayBackend(args.seed)
      : await liveBackend(args.backend, {
          seed: args.seed,
          maxBudget,
          temperature: args.temperature,
          maxTokens: args.maxTokens,
          concurrency: args.concurrency,
          ...(args.host ? { host: args.host } : {}),
          ...(args.baseUrl ? { baseUrl: args.baseUrl } : {}),
          ...(args.model ? { model: args.model } : {}),
          ...(io.env ? { env: io.env } : {}),
          verify: args.verify,
          needsThinking: (args.thinkBudgets ?? []).some((b) => b > 0),
          ...(args.prm ? { prm: args.prm } : {}),
          signal: controller.signal,
        });
  io.onInterrupt(onInterrupt);
  try {
    const fingerprint = fingerprintOf(args, plans, repeats, policy);
    const state = Checkpoint.open(outDir, fingerprint, args.fresh);
    if (state.discarded) io.stderr.write(`note: the checkpoint in ${outDir} was not used: ${state.discarded}\n`);
    if (state.done.size > 0) io.stderr.write(`resuming: ${state.done.size} problems already finished in ${outDir}\n`);
    const total = plans.reduce((n, p) => n + p.dataset.problems.length, 0);
    const progress = createProgress(io.stderr, total, Math.min(state.done.size, total));
    const unitsByDataset = new Map<string, UnitResult[]>();
    // A policy that says how the model thinks draws each bin at its setting; streams are then shared by
    // every dataset copy, so a sample one copy's adaptive run drew is the one that copy reads later.
    const thinkStreams =
      runsPolicy && policyThinks(policy).length > 0
        ? new ThinkStreams(backend, datasets, args.thinkBudgets, (name, id, repeat) => keptSamples(state.done, datasets, name, id, repeat))
        : undefined;
    let lastYield = Date.now();
    try {
      for (const plan of plans) {
        const units: (UnitResult | undefined)[] = plan.dataset.problems.map((p) => state.done.get(unitKey(plan.dataset.name, p.id)));
        const todo = plan.dataset.problems.map((problem, index) => ({ problem, index })).filter(({ index }) => units[index] === undefined);
        // Finished problems feed the priors first, in dataset order, as they did in the interrupted run.
        const priors = new PriorBank();
        for (const unit of units) if (unit) priors.replay(unit);
        const context = {
          priors,
          plan,
          repeats,
          policy,
          keepSamples: backend.keepSamples,
          signal: controller.signal,
          streamFor: (problem: BenchDataset['problems'][number], repeat: number, previous: Parameters<Backend['streamFor']>[3]) =>
            thinkStreams ? thinkStreams.stream(plan.dataset, problem, repeat, previous) : backend.streamFor(plan.dataset, problem, repeat, previous),
          ...(thinkStreams
            ? { thinkSource: (problem: BenchDataset['problems'][number], repeat: number, own: SampleStream) => thinkStreams.source(plan.dataset, problem, repeat, own) }
            : {}),
        };
        await runPool(todo, args.backend === 'replay' ? 1 : args.concurrency, controller.signal, async ({ problem, index }) => {
          const run = await runUnit(problem, context);
          const elsewhere = thinkStreams && backend.keepSamples ? thinkStreams.drawnElsewhere(plan.dataset, problem) : [];
          const unit = elsewhere.length > 0 ? { ...run, thinkDrawn: elsewhere } : run;
          units[index] = unit;
          state.checkpoint.record(plan.dataset.name, unit);
          progress.advance(plan.dataset.name);
          // Recorded samples never wait on I/O: give Ctrl-C and the progress bar a turn now and then.
          if (Date.now() - lastYield > 50) {
            await new Promise((r) => setImmediate(r));
            lastYield = Date.now();
          }
        });
        if (controller.signal.aborted) break;
        unitsByDataset.set(plan.dataset.name, units.filter((u): u is UnitResult => u !== undefined));
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      state.checkpoint.flush();
      progress.stop();
    }
    if (controller.signal.aborted) {
      io.stderr.write(`\ninterrupted: finished problems are kept in ${join(outDir, 'checkpoint.jsonl')}; run the same command again to resume.\n`);
      return 130;
    }

    const records: BenchRecord[] = plans.flatMap((plan) =>
      aggregate(plan, unitsByDataset.get(plan.dataset.name) ?? [], { backend: args.backend, repeats, seed: args.seed, timed: backend.timed }),
    );
    const comparisons: Comparison[] = plans.map((p) => compare(p.dataset.name, records));
    const fits: FitReport[] = [];
    if (args.fitPolicy && args.thinkBudgets) {
      // The thinking axis: one fit per dataset over all its thinking-budget copies.
      for (const base of loaded) {
        const copies = plans.filter((p) => p.dataset.base === base.name);
        const byBudget = new Map(copies.map((p) => [p.dataset.thinkBudget ?? 0, p]));
        const unitsOf = new Map(copies.map((p) => [p.dataset.thinkBudget ?? 0, new Map((unitsByDataset.get(p.dataset.name) ?? []).map((u) => [u.problemId, u]))]));
        const sampleBudgets = copies[0]?.budgets ?? [];
        const streamAt = (problem: BenchDataset['problems'][number], repeat: number, budget: number) => {
          const plan = byBudget.get(budget);
          if (!plan) throw new Error(`no samples were drawn at thinking budget ${budget}`);
          return backend.streamFor(plan.dataset, problem, repeat, unitsOf.get(budget)?.get(problem.id)?.drawn?.[repeat]);
        };
        io.stderr.write(`fitting the adaptive policy with the thinking axis on ${base.name}…\n`);
        fits.push(
          await fitPolicy({
            dataset: base.name,
            problems: base.problems,
            repeats,
            budget: Math.max(...sampleBudgets),
            seed: args.seed,
            base: policy,
            tolerance: args.fitTolerance,
            fitCuts: args.fitCuts,
            folds: args.fitFolds,
            streamFor: (problem, repeat) => streamAt(problem, repeat, args.thinkBudgets?.[0] ?? 0),
            thinking: { budgets: args.thinkBudgets, samples: sampleBudgets, streamFor: streamAt },
          }),
        );
      }
    } else if (args.fitPolicy) {
      for (const plan of plans) {
        const units = unitsByDataset.get(plan.dataset.name) ?? [];
        const byId = new Map(units.map((u) => [u.problemId, u]));
        io.stderr.write(`fitting the adaptive policy on ${plan.dataset.name}…\n`);
        fits.push(
          await fitPolicy({
            dataset: plan.dataset.name,
            problems: plan.dataset.problems,
            repeats,
            budget: Math.max(...plan.budgets),
            seed: args.seed,
            base: policy,
            tolerance: args.fitTolerance,
            fitCuts: args.fitCuts,
            folds: args.fitFolds,
            streamFor: (problem, repeat) => backend.streamFor(plan.dataset, problem, repeat, byId.get(problem.id)?.drawn?.[repeat]),
            ...(thinkStreams
              ? { sourceFor: (problem: BenchDataset['problems'][number], repeat: number) => thinkStreams.source(plan.dataset, problem, repeat, thinkStreams.stream(plan.dataset, problem, repeat)) }
              : {}),
          }),
        );
      }
    }

    mkdirSync(outDir, { recursive: true });
    const plots = new Map<string, string[]>();
    for (const plan of plans) {
      const names: string[] = [];
      for (const axis of ['samples', 'tokens'] as const) {
        const name = `${safeName(plan.dataset.name)}-accuracy-vs-${axis}.svg`;
        writeAtomic(join(outDir, name), await renderSvg(plotSpec(plan.dataset.name, records, axis)));
        names.push(name);
      }
      plots.set(plan.dataset.name, names);
    }
    // One curve per thinking budget: accuracy against total tokens, per dataset.
    for (const base of args.thinkBudgets ? loaded : []) {
      const name = `${safeName(base.name)}-accuracy-vs-tokens-by-thinking-budget.svg`;
      writeAtomic(join(outDir, name), await renderSvg(thinkingPlotSpec(base.name, records.filter((r) => plans.some((p) => p.dataset.base === base.name && p.dataset.name === r.dataset)), plans)));
      plots.set(base.name, [...(plots.get(base.name) ?? []), name]);
    }
    for (const fit of fits) {
      writeAtomic(join(outDir, `policy-${safeName(fit.dataset)}.json`), serializePolicy(fit.policy));
    }
    writeAtomic(join(outDir, 'results.json'), `${JSON.stringify(records, null, 2)}\n`);
    writeAtomic(
      join(outDir, 'summary.json'),
      `${JSON.stringify({ backend: args.backend, seed: args.seed, repeats, policy: policy.description ?? 'custom', comparisons, fits: fits.map(summariseFit) }, null, 2)}\n`,
    );
    const report = renderReport({
      backend: args.backend,
      backendLabel: backend.label,
      seed: args.seed,
      repeats,
      plans,
      records,
      comparisons,
      fits,
      plots,
      policyDescription: args.policy ? `the policy in ${args.policy}` : 'the built-in policy',
      command: displayCommand(argv),
    });
    writeAtomic(join(outDir, 'report.md'), report);
    if (args.prm) {
      // The PRM's samples were scored by the judge too: set the two side by side at equal tokens.
      for (const plan of plans) {
        const comparison = compareVerifiers(unitsByDataset.get(plan.dataset.name) ?? [], plan.budgets);
        if (!comparison) continue;
        const text = renderVerifierComparison(comparison, args.prm['verifier-model'] ?? DEFAULT_PRM);
        writeAtomic(join(outDir, `verifiers-${safeName(plan.dataset.name)}.md`), text);
        io.stdout.write(`${plan.dataset.name}: ${text}`);
      }
    }
    const elapsedMs = performance.now() - started;
    writeAtomic(join(outDir, 'run.json'), `${JSON.stringify({ elapsedMs: Math.round(elapsedMs), finishedProblems: total }, null, 2)}\n`);
    for (const c of comparisons) if (c.target) io.stdout.write(`${c.dataset}: ${c.statement}\n`);
    for (const fit of fits) if (fit.thinking) io.stdout.write(thinkingSummary(fit.dataset, fit.thinking));
    for (const fit of fits) io.stdout.write(`${fit.dataset}: policy fitted (${fit.folds.map((f) => `${f.fold}: base ${pct(f.base.accuracy)} / ${f.base.meanSamples.toFixed(2)} samples, fitted ${pct(f.fitted.accuracy)} / ${f.fitted.meanSamples.toFixed(2)} samples`).join('; ')})\n`);
    io.stdout.write(`wrote results.json, report.md and ${[...plots.values()].flat().length} plots to ${outDir} in ${(elapsedMs / 1000).toFixed(1)} s\n`);
    return 0;
  } finally {
    io.offInterrupt(onInterrupt);
    await backend.close();
  }
}

/**
 * The samples a checkpoint kept for (dataset, problem, repeat): the dataset's own unit's, or those another
 * dataset's unit drew there for a policy's think setting; the most of them.
 */
function keptSamples(done: ReadonlyMap<string, UnitResult>, datasets: readonly BenchDataset[], name: string, id: string, repeat: number): DrawnSample[] | undefined {
  let best = done.get(unitKey(name, id))?.drawn?.[repeat];
  for (const d of datasets) {
    const found = done.get(unitKey(d.name, id))?.thinkDrawn?.find((t) => t.dataset === name && t.repeat === repeat)?.samples;
    if (found && found.length > (best?.length ?? 0)) best = found;
  }
  return best;
}

function summariseFit(fit: FitReport): unknown {
  return {
    dataset: fit.dataset,
    budget: fit.budget,
    tolerance: fit.tolerance,
    folds: fit.folds.map((f) => ({ fold: f.fold, base: f.base, fitted: f.fitted })),
    choices: fit.choices,
    ...(fit.thinking ? { thinking: fit.thinking } : {}),
  };
}

function writeAtomic(path: string, text: string): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_');
}

/** The command as typed, without the options that do not change the numbers. */
function displayCommand(argv: readonly string[]): string {
  const shown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--out') {
      i += 1;
      continue;
    }
    if (a.startsWith('--out=') || a === '--fresh') continue;
    shown.push(/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  }
  return `ponder bench ${shown.join(' ')}`.trim();
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
