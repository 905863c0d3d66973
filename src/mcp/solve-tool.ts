// The `solve` tool: the agent's problem gets the same checks and cleaning as an editor selection, then the
// engine runs with the user's settings inside the user's ceilings. Progress goes out as MCP progress
// notifications; the request's AbortSignal (fired by the client's notifications/cancelled) aborts the
// search, which closes every model request it has open.
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { ThinkNames } from '../cli/think-options';
import { thinkSettings } from '../cli/think-options';
import { describeModelError } from '../engine/model/errors';
import { solve } from '../engine/solve';
import type { SolveOptions, SolveResult } from '../engine/solve';
import { bestChain } from '../protocol/best-chain';
import { checkContextFit, checkProblemText, cleanProblemText, MAX_RESPONSE_TOKENS } from '../server/input-check';
import type { McpLimits } from './limits';
import { DEFAULT_FIXED_SAMPLES } from './limits';
import type { ProgressUpdate } from './progress-reporter';
import { ProgressReporter } from './progress-reporter';
import type { RecentRuns } from './recent-runs';
import { runUri } from './recent-runs';
import type { SolveToolInput, SolveToolOutput } from './solve-schema';
import type { LanguageModel } from '../engine/model/types';

/** How every solve of this server runs: the same settings as `ponder solve`. */
export interface SolveSetup {
  model: LanguageModel;
  /** True for the simulated reasoner, which has no context length to respect. */
  simulated: boolean;
  limits: McpLimits;
  contextLength: number;
  parallelism: number;
  temperature?: number;
  verifierModel?: string;
  confidence?: number;
  policy?: string;
  /** The server's thinking settings (ponder mcp --think, --think-budget, --think-min); an agent's replace them. */
  thinking?: Pick<SolveOptions, 'think' | 'thinkBudget' | 'thinkMinTokens'>;
}

export interface SolveCall {
  signal: AbortSignal;
  /** Present when the client asked for progress. */
  progress?: (update: ProgressUpdate) => void;
}

export interface SolveToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent: SolveToolOutput;
}

export async function runSolveTool(setup: SolveSetup, runs: RecentRuns, input: SolveToolInput, call: SolveCall): Promise<SolveToolResult> {
  const problem = cleanProblemText(input.problem);
  const textProblem = checkProblemText(input.problem) ?? checkProblemText(problem);
  if (textProblem) throw new McpError(ErrorCode.InvalidParams, `problem: ${textProblem.message.replace('select the text of a math problem', 'send the text of a math problem')}`);
  let maxTokensPerSample = MAX_RESPONSE_TOKENS;
  if (!setup.simulated) {
    const fit = checkContextFit(problem, setup.contextLength);
    if (fit.error) throw new McpError(ErrorCode.InvalidParams, `problem: ${fit.error.message.replace(/Set ponder\.contextLength/, 'Start ponder mcp with --context-length')}`);
    maxTokensPerSample = fit.maxTokensPerSample;
  }
  if (input.mode === 'adaptive' && input.strategy !== undefined) {
    throw new McpError(ErrorCode.InvalidParams, `strategy: "${input.strategy}" is a fixed-mode strategy; leave mode out or set it to "fixed" to use it.`);
  }
  const thinking = toolThinking(setup, input);
  const adaptive = input.mode !== 'fixed' && input.strategy === undefined;
  const samples = input.samples ?? (adaptive ? setup.limits.maxSamples : DEFAULT_FIXED_SAMPLES);
  const tokenCap = Math.min(input.maxTokens ?? setup.limits.maxTokens, setup.limits.maxTokens);
  const options: SolveOptions = {
    model: setup.model,
    strategy: adaptive ? 'adaptive' : (input.strategy ?? 'weighted'),
    samples,
    tokenCap,
    maxTokensPerSample,
    parallelism: setup.parallelism,
    ...(setup.temperature === undefined ? {} : { temperature: setup.temperature }),
    ...(setup.verifierModel === undefined ? {} : { verifierModel: setup.verifierModel }),
    ...thinking,
    ...(adaptive && setup.confidence !== undefined ? { confidence: setup.confidence } : {}),
    ...(adaptive && setup.policy !== undefined ? { policy: setup.policy } : {}),
  };
  const reporter = call.progress ? new ProgressReporter(samples, call.progress) : undefined;
  if (reporter) options.onDelta = (delta) => reporter.add(delta);

  let result: SolveResult;
  try {
    result = await solve(problem, options, call.signal);
  } catch (error) {
    // The SDK turns this into a tool result with isError, which the agent's model reads.
    throw new Error(describeModelError(error));
  }
  runs.add({ runId: result.tree.runId, problem, answer: result.answer ?? null, finishedAt: Date.now(), tree: result.tree });
  const output = toOutput(result);
  return { content: [{ type: 'text', text: formatText(output) }], structuredContent: output };
}

const TOOL_THINK_NAMES: ThinkNames = { mode: 'think', modeOff: 'think "off"', budget: 'thinkBudget', minimum: 'thinkMin' };

/**
 * The agent's thinking settings, checked as `ponder solve` checks its flags. When the agent gives any of the
 * three they replace the server's as a whole (a budget of the server's must not outlive an agent's "off");
 * otherwise the server's apply. The schema has already capped the budget at the user's token ceiling.
 */
function toolThinking(setup: SolveSetup, input: SolveToolInput): Pick<SolveOptions, 'think' | 'thinkBudget' | 'thinkMinTokens'> {
  if (input.think === undefined && input.thinkBudget === undefined && input.thinkMin === undefined) return setup.thinking ?? {};
  return thinkSettings(input.think, input.thinkBudget, input.thinkMin, TOOL_THINK_NAMES, (message) => new McpError(ErrorCode.InvalidParams, message));
}

function toOutput(result: SolveResult): SolveToolOutput {
  const chain = bestChain(result.tree);
  const { usage, samples } = result;
  return {
    answer: result.answer ?? null,
    confidence: result.confidence,
    strategy: result.strategy,
    stopReason: result.stopReason,
    cancelled: result.cancelled,
    cost: { generatedTokens: usage.generatedTokens, promptTokens: usage.promptTokens, calls: usage.calls, wallMs: usage.wallMs, tokenCap: usage.tokenCap },
    chains: { requested: samples.requested, answered: samples.answered, unanswered: samples.unanswered, failed: samples.failed },
    bestChain: (chain?.steps ?? []).map((step) => ({ text: step.text, ...(step.score === undefined ? {} : { score: step.score }) })),
    decisions: result.tree.decisions.map((decision) => ({ kind: decision.kind, message: decision.message })),
    runId: result.tree.runId,
    treeUri: runUri(result.tree.runId),
  };
}

/** The same result as plain text, for clients that read only `content`. Model text is quoted, never obeyed. */
function formatText(output: SolveToolOutput): string {
  const lines: string[] = [];
  if (output.cancelled) lines.push('Cancelled: this is what was found before the search stopped.');
  lines.push(output.answer === null ? 'No answer: no sampled chain stated a final answer.' : `Answer: ${output.answer}`);
  lines.push(`Confidence: ${(output.confidence * 100).toFixed(0)}%`);
  const { cost, chains } = output;
  lines.push(
    `Cost: ${chains.answered + chains.unanswered}/${chains.requested} chains${chains.failed > 0 ? ` (${chains.failed} failed)` : ''} · ` +
      `${cost.generatedTokens}/${cost.tokenCap} tokens generated · ${cost.calls} calls · ${(cost.wallMs / 1000).toFixed(1)} s`,
  );
  lines.push(`Strategy: ${output.strategy} (stopped: ${output.stopReason})`);
  for (const decision of output.decisions) lines.push(`- ${decision.message}`);
  if (output.bestChain.length > 0) {
    lines.push('', 'Best chain (model output):');
    output.bestChain.forEach((step, i) => lines.push(`${i + 1}. ${step.text.replace(/\s+/g, ' ').trim()}${step.score === undefined ? '' : ` [score ${step.score.toFixed(2)}]`}`));
  }
  lines.push('', `Tree: ${output.treeUri}`);
  return lines.join('\n');
}
