// What an MCP client may ask of `ponder mcp`: the user sets the ceilings (flags), the agent chooses within
// them. Kept apart from the tool so the input schema, the handler and the help text agree on the numbers.
export interface McpLimits {
  /** Most generated tokens one solve may spend, verification included (the agent's maxTokens is capped here). */
  maxTokens: number;
  /** Most chains one solve may sample (adaptive mode draws up to this many). */
  maxSamples: number;
}

/** The defaults match the extension's: ponder.maxTokensPerProblem and adaptive mode's most chains. */
export const DEFAULT_LIMITS: McpLimits = { maxTokens: 16_384, maxSamples: 64 };

/** Chains a fixed-budget solve samples when the agent gives no number (the extension's ponder.fixedSamples). */
export const DEFAULT_FIXED_SAMPLES = 8;
