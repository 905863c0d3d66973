// The delta application lives in the protocol so the webview can share it (it may not import the engine);
// re-exported here so the engine's importers keep their path.
export { applyDelta, applyDeltas, TreeDeltaError } from '../../protocol/tree-apply';
