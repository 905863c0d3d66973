// The kinds of request the simulated reasoner understands, tried in order; the demo message catches the
// rest. Verification and revision prompts also hold a `<problem>` section, so they are recognised before solving.
import type { SimMode } from './draft';
import { demoMode } from './mode-demo';
import { reviseMode } from './mode-revise';
import { solveMode } from './mode-solve';
import { verifyMode } from './mode-verify';

export const MODES: readonly SimMode[] = [verifyMode, reviseMode, solveMode, demoMode];
