// Strategies by name. `solve` looks strategies up here, so adding one (beam search, DVTS, lookahead,
// revisions, adaptive) means writing it and registering it, nothing else.
import { ADAPTIVE } from '../adaptive/adaptive';
import { BEAM } from './beam';
import { DVTS } from './dvts';
import { LOOKAHEAD } from './lookahead';
import { MAJORITY } from './majority';
import { REVISIONS } from './revisions';
import type { StrategyDefinition } from './types';
import { WEIGHTED } from './weighted';

const strategies = new Map<string, StrategyDefinition>();

export function registerStrategy(definition: StrategyDefinition): void {
  if (strategies.has(definition.name)) throw new Error(`a strategy named "${definition.name}" is already registered`);
  strategies.set(definition.name, definition);
}

export function getStrategy(name: string): StrategyDefinition | undefined {
  return strategies.get(name);
}

export function strategyNames(): string[] {
  return [...strategies.keys()];
}

registerStrategy(MAJORITY);
registerStrategy(WEIGHTED);
registerStrategy(BEAM);
registerStrategy(DVTS);
registerStrategy(LOOKAHEAD);
registerStrategy(REVISIONS);
registerStrategy(ADAPTIVE);
