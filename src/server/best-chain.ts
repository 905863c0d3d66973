// The best chain is computed from protocol types alone, so the extension's chat replies use the same rule.
export { bestChain } from '../protocol/best-chain';
export type { BestChain, ChainStep } from '../protocol/best-chain';
