// The fallback for anything the simulated reasoner cannot do: it says plainly what it is, in one
// paragraph, and gives no answer. Better an honest refusal than a made-up solution from a demo model.
import type { SimMode } from './draft';

export const DEMO_MODEL_MESSAGE =
  'I am the simulated demo model of Ponder, not a real language model. I can only solve arithmetic ' +
  'expressions (such as "What is (17 + 5) * 3 - 4?") and the word problems that my own problem generator ' +
  'writes, so I cannot solve this one. Connect Ponder to Ollama with a real model to solve other problems.';

export const demoMode: SimMode = {
  name: 'demo',
  draft() {
    return {
      thinking: 'This is neither an arithmetic expression nor one of my generated word problems, so I cannot solve it and should say so.',
      answer: DEMO_MODEL_MESSAGE,
      choices: [],
    };
  },
};
