// `ponder solve`: one problem, live progress on stderr, the answer with its confidence and cost on stdout.
// Ctrl-C cancels the search and prints what was found so far; a second Ctrl-C exits at once.
import { parseArgs } from 'node:util';
import { describeModelError } from '../engine/model/errors';
import { strategyNames } from '../engine/search/registry';
import { solve } from '../engine/solve';
import type { SolveOptions, SolveResult } from '../engine/solve';
import { chooseModel, DEFAULT_MODEL } from './choose-model';
import { chooseOpenAIModel } from './openai-choice';
import { prmVerifierOption } from './prm-option';
import type { CliIo } from './io';
import { integerOption, numberOption } from './options';
import { policyOption } from './policy-option';
import { emptyProgress, formatProgress, ProgressPrinter, updateProgress } from './progress';
import { readProblem, UsageError } from './read-problem';
import { normaliseThinkFlag, thinkingBySample, thinkOptions } from './think-options';

export const SOLVE_HELP = `Usage: ponder solve [options] "<problem>"     (or --file PATH, or the problem on stdin)

Options:
  --model NAME          the model to use (Ollama default ${DEFAULT_MODEL}; --backend openai: a name the
                        server lists at /v1/models)
  --verifier-model NAME a separate model for the step verifier (default: the same model)
  --backend B           ollama (default) | openai: an OpenAI-compatible server (vLLM, SGLang, llama.cpp's
                        llama-server, LM Studio); its API key, if it wants one, from PONDER_API_KEY or
                        OPENAI_API_KEY
  --base-url URLS       --backend openai: the server's base URL, e.g. http://127.0.0.1:8000/v1; several,
                        comma-separated, share the work (each gets --parallel requests at once)
  --verifier V          judge (default: the model judges each step) | prm: a trained process reward model
                        served by vLLM's pooling API, scoring a whole chain in one request
  --verifier-base-url U prm: where the PRM is served (default: the first --base-url)
  --prm-style S         prm: qwen (Qwen2.5-Math-PRM, default) | math-shepherd (step tag ки, P(+) vs P(−))
  --host URL            Ollama address (default http://127.0.0.1:11434; without --host, Ponder falls
                        back to its simulated demo model when nothing answers there)
  --sim                 use the simulated reasoner (a demo model for arithmetic) without looking for Ollama
  --strategy NAME       ${strategyNamesText()} (default adaptive)
  --samples N           chains to sample (beam, dvts, lookahead: candidate steps per round, of which
                        N/M beams are kept); in adaptive mode the most it may spend (default 8)
  --confidence P        adaptive: stop once the leading answer's posterior confidence reaches P (0.5–0.999)
  --policy FILE         adaptive: a policy table (JSON, e.g. from ponder bench --fit-policy)
  --beam-width N        beam, dvts, lookahead: candidate steps per round (default: --samples)
  --expansions M        beam, dvts, lookahead: expansions per kept chain (default 4)
  --max-depth D         beam, dvts, lookahead: most steps in a chain (default 40)
  --lookahead K         lookahead: steps rolled out at temperature 0 before scoring (default 2)
  --revision-chains C   revisions: parallel revision chains
  --revision-length L   revisions: attempts per chain (default min(4, samples))
  --revision-select S   revisions: verifier | vote (default verifier)
  --think MODE          off | on | low | medium | high: whether a thinking model thinks, or at which level
                        (gpt-oss takes only levels); its trace is kept on the node and counted. A bare
                        --think means on
  --think-budget N      thinking tokens per sample: at N the trace is closed and the model answers from
                        it (models whose template Ponder cannot render are stopped at N instead); for a
                        model that thinks (Ollama's thinking models do unless --think off)
  --think-min N         with --think-budget: a trace that ends before N tokens gets "Wait" and goes on
  --max-tokens N        hard cap on generated tokens for the whole problem, verification included
  --temperature T       sampling temperature (default 0.8)
  --parallel N          requests at once (default 4; match OLLAMA_NUM_PARALLEL)
  --seed N              base seed; sample i uses seed + i (default 0)
  --file PATH           read the problem from a file
  --json                print the result (answer, confidence, usage, tree) as JSON
  -h, --help            show this help
`;

function strategyNamesText(): string {
  return strategyNames().join(' | ');
}

export async function runSolve(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: normaliseThinkFlag(argv),
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      'verifier-model': { type: 'string' },
      backend: { type: 'string' },
      'base-url': { type: 'string' },
      verifier: { type: 'string' },
      'verifier-base-url': { type: 'string' },
      'prm-style': { type: 'string' },
      host: { type: 'string' },
      sim: { type: 'boolean', default: false },
      strategy: { type: 'string', default: 'adaptive' },
      samples: { type: 'string' },
      confidence: { type: 'string' },
      policy: { type: 'string' },
      'beam-width': { type: 'string' },
      expansions: { type: 'string' },
      'max-depth': { type: 'string' },
      lookahead: { type: 'string' },
      'revision-chains': { type: 'string' },
      'revision-length': { type: 'string' },
      'revision-select': { type: 'string' },
      think: { type: 'string' },
      'think-budget': { type: 'string' },
      'think-min': { type: 'string' },
      'max-tokens': { type: 'string' },
      temperature: { type: 'string' },
      parallel: { type: 'string' },
      seed: { type: 'string' },
      file: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(SOLVE_HELP);
    return 0;
  }
  if (!strategyNames().includes(values.strategy)) {
    throw new UsageError(`unknown strategy "${values.strategy}": use one of ${strategyNamesText()}`);
  }
  const samples = integerOption('--samples', values.samples, { min: 1, max: 4096 });
  const tokenCap = integerOption('--max-tokens', values['max-tokens'], { min: 1 });
  const temperature = numberOption('--temperature', values.temperature, { min: 0, max: 2 });
  const parallel = integerOption('--parallel', values.parallel, { min: 1, max: 64 });
  const seed = integerOption('--seed', values.seed, { min: 0 });
  const searchOptions = strategyOptions(values);
  await policyOption(values.policy);
  const problem = await readProblem(positionals, values.file, io.stdin);

  const backend = (values.backend ?? 'ollama').toLowerCase();
  if (backend !== 'ollama' && backend !== 'openai') throw new UsageError(`--backend must be ollama or openai, not "${values.backend}"`);
  if (backend === 'openai' && (values.host !== undefined || values.sim)) throw new UsageError('--host and --sim are for Ollama; with --backend openai give --base-url');
  if (backend === 'ollama' && values['base-url'] !== undefined) throw new UsageError('--base-url is for --backend openai; Ollama\'s address is --host');
  const choice = backend === 'openai'
    ? chooseOpenAIModel({ baseUrl: values['base-url'], model: values.model, ...(parallel !== undefined ? { parallel } : {}), env: io.env ?? process.env })
    : await chooseModel({
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    simulated: values.sim,
    ...(io.defaultOllamaHost !== undefined ? { defaultHost: io.defaultOllamaHost } : {}),
    ...(parallel !== undefined ? { parallel } : {}),
  });
  if (choice.notice) io.stderr.write(`${choice.notice}\n`);
  const prm = prmVerifierOption(values, io.env ?? process.env);

  const controller = new AbortController();
  const stopOnInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    io.stderr.write('\nCancelling… (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  io.onInterrupt(stopOnInterrupt);

  const progress = emptyProgress();
  const printer = new ProgressPrinter(io.stderr);
  const totalSamples = samples ?? 8;
  try {
    const result = await solve(
      problem,
      {
        model: choice.model,
        strategy: values.strategy,
        ...(samples !== undefined ? { samples } : {}),
        ...(tokenCap !== undefined ? { tokenCap } : {}),
        ...(temperature !== undefined ? { temperature } : {}),
        ...(parallel !== undefined ? { parallelism: parallel } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(values['verifier-model'] !== undefined && !prm ? { verifierModel: values['verifier-model'] } : {}),
        ...(prm ? { verifier: prm } : {}),
        ...searchOptions,
        onDelta: (delta) => {
          updateProgress(progress, delta);
          if (!values.json) printer.show(formatProgress(progress, totalSamples));
        },
      },
      controller.signal,
    );
    if (!values.json) printer.show(formatProgress(progress, totalSamples), true);
    printer.finish();
    io.stdout.write(values.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : formatResult(result, choice.model.label, choice.model.outOfReach?.(problem) !== undefined));
    if (result.cancelled) return 130;
    return result.answer === undefined ? 1 : 0;
  } catch (error) {
    printer.finish();
    io.stderr.write(`ponder: ${describeModelError(error)}\n`);
    return 1;
  } finally {
    io.offInterrupt(stopOnInterrupt);
    await choice.close();
  }
}

/** The options of the step-level, revision and adaptive strategies, validated. */
function strategyOptions(values: Record<string, string | boolean | undefined>): Partial<SolveOptions> {
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  const options: Partial<SolveOptions> = {};
  const set = <K extends keyof SolveOptions>(key: K, value: SolveOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('confidence', numberOption('--confidence', text('confidence'), { min: 0.5, max: 0.999 }));
  set('policy', text('policy'));
  set('beamWidth', integerOption('--beam-width', text('beam-width'), { min: 1, max: 1024 }));
  set('expansions', integerOption('--expansions', text('expansions'), { min: 1, max: 64 }));
  set('maxDepth', integerOption('--max-depth', text('max-depth'), { min: 1, max: 200 }));
  set('lookahead', integerOption('--lookahead', text('lookahead'), { min: 0, max: 16 }));
  set('revisionChains', integerOption('--revision-chains', text('revision-chains'), { min: 1, max: 256 }));
  set('revisionLength', integerOption('--revision-length', text('revision-length'), { min: 1, max: 32 }));
  const select = text('revision-select');
  if (select !== undefined && select !== 'verifier' && select !== 'vote') {
    throw new UsageError(`--revision-select must be verifier or vote, not "${select}"`);
  }
  set('revisionSelect', select);
  Object.assign(options, thinkOptions(text('think'), text('think-budget'), text('think-min')));
  return options;
}

/** `beyondDemo`: the demo model answered and cannot read this problem (it solves arithmetic only). */
function formatResult(result: SolveResult, modelLabel: string, beyondDemo: boolean): string {
  const lines: string[] = [];
  if (result.cancelled) lines.push('Cancelled: this is what was found before the search stopped.');
  if (result.answer === undefined && beyondDemo) {
    lines.push('No answer: the demo model solves arithmetic only, and this problem is not one it can read. Start Ollama (`ollama serve`) or pass --host for a real model.');
  } else if (result.answer === undefined) {
    lines.push('No answer: no sampled chain stated a final answer.');
  } else {
    lines.push(`Answer: ${result.answer}`);
    lines.push(`Confidence: ${(result.confidence * 100).toFixed(0)}% of the ${result.strategy === 'majority' ? '' : 'verifier-weighted '}vote`);
  }
  const { usage, samples } = result;
  const verifierTokens = result.usageByPurpose.verifier.generatedTokens;
  lines.push(
    `Cost: ${samples.answered + samples.unanswered}/${samples.requested} chains` +
      `${samples.failed > 0 ? ` (${samples.failed} failed)` : ''} · ${usage.generatedTokens} tokens generated` +
      `${verifierTokens > 0 ? ` (${verifierTokens} by the verifier)` : ''} · ${usage.promptTokens} prompt tokens sent · ` +
      `${usage.calls} calls · ${(usage.wallMs / 1000).toFixed(1)} s`,
  );
  const verifier = result.verifier === undefined ? '' : result.verifier.method === 'logprobs'
    ? ', verifier: log-probability judge'
    : result.verifier.method === 'prm'
      ? `, verifier: ${result.verifier.description}`
      : ', verifier: sampled judgements (the server returns no log-probabilities)';
  lines.push(`Strategy: ${result.strategy}${verifier}`);
  lines.push(`Model: ${modelLabel}`);
  if (result.stopReason === 'budget') lines.push('Stopped at the token cap (--max-tokens).');
  // What adaptive mode decided (difficulty, why it stopped) and any warning, as the tree records them.
  for (const decision of result.tree.decisions) {
    if (decision.kind !== 'strategy') lines.push(`  · ${decision.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function toJson(result: SolveResult): unknown {
  return {
    answer: result.answer ?? null,
    confidence: result.confidence,
    strategy: result.strategy,
    stopReason: result.stopReason,
    cancelled: result.cancelled,
    samples: result.samples,
    usage: result.usage,
    usageByPurpose: result.usageByPurpose,
    verifier: result.verifier ?? null,
    thinking: thinkingBySample(result.tree),
    tree: result.tree,
  };
}
