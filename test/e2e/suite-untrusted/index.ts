// The mocha suite of the untrusted-workspace run (harness/untrusted-run.ts): the same runner as the main
// suite, over the *.e2e.js files compiled next to this index.
export { run } from '../suite/index';
