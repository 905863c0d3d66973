// The kinds of request the simulated reasoner understands, tried in order; the demo message catches the
// rest. A verification prompt also holds a `<problem>` section, so it must be recognised before solving.
import type { SimMode } from './draft';
import { demoMode } from './mode-demo';
import { solveMode } from './mode-solve';
import { verifyMode } from './mode-verify';

export const MODES: readonly SimMode[] = [verifyMode, solveMode, demoMode];
