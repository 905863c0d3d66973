// The `solve` tool's input and output schemas (zod, as the MCP SDK takes them). The SDK publishes them as
// JSON Schema in tools/list, validates every call's arguments against the input schema (a bad argument
// comes back as a tool error naming the field), and the client validates structured content against the
// output schema.
import * as z from 'zod';
import { THINK_MODES } from '../cli/think-options';
import { strategyNames } from '../engine/search/registry';
import type { McpLimits } from './limits';

/** Longest problem text accepted; the context-length check refuses long ones with a better message. */
export const MAX_PROBLEM_CHARS = 20_000;

/** Strategies an agent may force in fixed mode (adaptive is the mode, not a fixed strategy). */
export function fixedStrategies(): [string, ...string[]] {
  const names = strategyNames().filter((name) => name !== 'adaptive');
  const [first, ...rest] = names;
  if (first === undefined) throw new Error('no search strategy is registered');
  return [first, ...rest];
}

export function solveInputSchema(limits: McpLimits) {
  return {
    problem: z
      .string()
      .min(1)
      .max(MAX_PROBLEM_CHARS)
      .describe('The problem to solve, as plain text (a math or reasoning question with one final answer).'),
    mode: z
      .enum(['adaptive', 'fixed'])
      .optional()
      .describe('adaptive (default): probe the difficulty, pick a strategy and stop once confident. fixed: always run `strategy` with `samples`.'),
    strategy: z
      .enum(fixedStrategies())
      .optional()
      .describe('The search strategy in fixed mode (giving one implies fixed mode).'),
    samples: z
      .number()
      .int()
      .min(1)
      .max(limits.maxSamples)
      .optional()
      .describe(`Chains to sample (fixed) or the most adaptive mode may draw; at most ${limits.maxSamples}.`),
    maxTokens: z
      .number()
      .int()
      .min(64)
      .max(limits.maxTokens)
      .optional()
      .describe(`Hard cap on tokens generated for this problem, verification included; at most ${limits.maxTokens} (the default).`),
    think: z
      .enum(THINK_MODES)
      .optional()
      .describe('Whether a thinking model thinks: off, on, or a gpt-oss level (low, medium, high). Left out: the server\'s setting (ponder mcp --think), else the model\'s default.'),
    thinkBudget: z
      .number()
      .int()
      .min(1)
      .max(limits.maxTokens)
      .optional()
      .describe(`Thinking tokens per sample: at this many the trace is closed and the model answers from it (budget forcing); at most ${limits.maxTokens}, and counted in maxTokens. Needs thinking (not think "off").`),
    thinkMin: z
      .number()
      .int()
      .min(1)
      .max(limits.maxTokens)
      .optional()
      .describe('With thinkBudget: a trace that ends before this many tokens gets "Wait" and goes on (at most thinkBudget).'),
  };
}

const usage = z.object({
  generatedTokens: z.number(),
  promptTokens: z.number(),
  calls: z.number(),
  wallMs: z.number(),
  tokenCap: z.number(),
});

export const solveOutputSchema = {
  answer: z.string().nullable().describe('The chosen answer, or null when no chain stated one.'),
  confidence: z.number().describe("The answer's share of the (verifier-weighted) vote, 0 to 1."),
  strategy: z.string(),
  stopReason: z.string(),
  cancelled: z.boolean(),
  cost: usage.describe('What the search spent.'),
  chains: z.object({ requested: z.number(), answered: z.number(), unanswered: z.number(), failed: z.number() }),
  bestChain: z.array(z.object({ text: z.string(), score: z.number().optional() })).describe('The steps of the best chain behind the answer.'),
  decisions: z.array(z.object({ kind: z.string(), message: z.string() })).describe("What adaptive mode decided (difficulty, strategy, why it stopped) and warnings."),
  runId: z.string(),
  treeUri: z.string().describe('The resource holding the whole reasoning tree as JSON.'),
};

export interface SolveToolInput {
  problem: string;
  mode?: 'adaptive' | 'fixed' | undefined;
  strategy?: string | undefined;
  samples?: number | undefined;
  maxTokens?: number | undefined;
  think?: (typeof THINK_MODES)[number] | undefined;
  thinkBudget?: number | undefined;
  thinkMin?: number | undefined;
}

export interface SolveToolOutput {
  [key: string]: unknown;
  answer: string | null;
  confidence: number;
  strategy: string;
  stopReason: string;
  cancelled: boolean;
  cost: { generatedTokens: number; promptTokens: number; calls: number; wallMs: number; tokenCap: number };
  chains: { requested: number; answered: number; unanswered: number; failed: number };
  bestChain: { text: string; score?: number }[];
  decisions: { kind: string; message: string }[];
  runId: string;
  treeUri: string;
}
