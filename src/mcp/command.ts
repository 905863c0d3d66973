// `ponder mcp`: the MCP server over stdio, on the same engine, backend and settings as `ponder solve`.
// stdout carries the protocol alone; notices and failures go to stderr. The process ends when the client
// closes stdin (in-flight solves are aborted, which closes their model requests) or on SIGINT/SIGTERM.
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { chooseModel, DEFAULT_MODEL } from '../cli/choose-model';
import type { CliIo } from '../cli/io';
import { integerOption, numberOption } from '../cli/options';
import { policyOption } from '../cli/policy-option';
import { UsageError } from '../cli/read-problem';
import { normaliseThinkFlag, thinkOptions } from '../cli/think-options';
import { SimulatedModel } from '../engine/model/sim/simulated-model';
import { DEFAULT_SETTINGS, MAX_CONTEXT_LENGTH } from '../protocol/settings';
import { DEFAULT_LIMITS } from './limits';
import { createPonderMcpServer } from './server';

export const MCP_HELP = `Usage: ponder mcp [options]

Serves Ponder as a Model Context Protocol server on stdio: one tool, \`solve\`, and the recent runs'
reasoning trees as resources (ponder://runs/<id>). Add it to an MCP client as the command
\`ponder mcp\` (see the README).

Options (the same backend and settings as ponder solve):
  --model NAME          Ollama model to use (default ${DEFAULT_MODEL})
  --verifier-model NAME a separate Ollama model for the step verifier
  --host URL            Ollama address (default http://127.0.0.1:11434; without --host, Ponder falls
                        back to its simulated demo model when nothing answers there)
  --sim                 use the simulated reasoner (a demo model for arithmetic)
  --parallel N          requests at once (default 4; match OLLAMA_NUM_PARALLEL)
  --temperature T       sampling temperature (default 0.8)
  --confidence P        adaptive: stop once the leading answer's confidence reaches P (0.5–0.999)
  --policy FILE         adaptive: a policy table (JSON)
  --think MODE          off | on | low | medium | high: whether a thinking model thinks (a bare --think
                        means on); an agent's think, thinkBudget or thinkMin replace these three
  --think-budget N      thinking tokens per sample, then the model answers from its trace
  --think-min N         with --think-budget: a trace that ends before N tokens gets "Wait"
  --context-length N    num_ctx of every call; longer problems are refused (default ${DEFAULT_SETTINGS.contextLength})
Limits an agent cannot exceed:
  --max-tokens N        most tokens one solve may generate, verification included (default ${DEFAULT_LIMITS.maxTokens})
  --max-samples N       most chains one solve may sample (default ${DEFAULT_LIMITS.maxSamples})
  -h, --help            show this help
`;

export async function runMcp(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: normaliseThinkFlag(argv),
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      'verifier-model': { type: 'string' },
      host: { type: 'string' },
      sim: { type: 'boolean', default: false },
      parallel: { type: 'string' },
      temperature: { type: 'string' },
      confidence: { type: 'string' },
      policy: { type: 'string' },
      think: { type: 'string' },
      'think-budget': { type: 'string' },
      'think-min': { type: 'string' },
      'context-length': { type: 'string' },
      'max-tokens': { type: 'string' },
      'max-samples': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(MCP_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`ponder mcp takes no problem text (got "${positionals.join(' ')}"): the client sends problems`);
  const parallel = integerOption('--parallel', values.parallel, { min: 1, max: 64 }) ?? 4;
  const temperature = numberOption('--temperature', values.temperature, { min: 0, max: 2 });
  const confidence = numberOption('--confidence', values.confidence, { min: 0.5, max: 0.999 });
  const contextLength = integerOption('--context-length', values['context-length'], { min: 512, max: MAX_CONTEXT_LENGTH }) ?? DEFAULT_SETTINGS.contextLength;
  const maxTokens = integerOption('--max-tokens', values['max-tokens'], { min: 64, max: 10_000_000 }) ?? DEFAULT_LIMITS.maxTokens;
  const thinking = thinkOptions(values.think, values['think-budget'], values['think-min']);
  const maxSamples = integerOption('--max-samples', values['max-samples'], { min: 1, max: 4096 }) ?? DEFAULT_LIMITS.maxSamples;
  await policyOption(values.policy);

  const choice = await chooseModel({
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    simulated: values.sim,
    ...(io.defaultOllamaHost !== undefined ? { defaultHost: io.defaultOllamaHost } : {}),
    parallel,
    numCtx: contextLength,
  });
  if (choice.notice) io.stderr.write(`ponder mcp: ${choice.notice}\n`);
  const server = createPonderMcpServer(
    {
      model: choice.model,
      simulated: choice.model instanceof SimulatedModel,
      limits: { maxTokens, maxSamples },
      contextLength,
      parallelism: parallel,
      ...(temperature === undefined ? {} : { temperature }),
      ...(values['verifier-model'] === undefined ? {} : { verifierModel: values['verifier-model'] }),
      ...(confidence === undefined ? {} : { confidence }),
      ...(values.policy === undefined ? {} : { policy: values.policy }),
      thinking,
    },
    process.env.PONDER_VERSION ?? 'dev',
  );
  const transport = new StdioServerTransport(io.stdin, io.stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  server.server.onerror = (error) => io.stderr.write(`ponder mcp: ${error.message}\n`);
  const stop = (): void => void server.close().catch(() => undefined);
  io.onInterrupt(stop);
  process.once('SIGTERM', stop);
  try {
    await server.connect(transport);
    io.stderr.write(`ponder mcp: serving on stdio with ${choice.model.label} (at most ${maxTokens} tokens and ${maxSamples} chains a solve)\n`);
    await Promise.race([closed, once(io.stdin, 'end').then(stop)]);
    await closed;
    return 0;
  } finally {
    io.offInterrupt(stop);
    process.off('SIGTERM', stop);
    await choice.close();
  }
}
