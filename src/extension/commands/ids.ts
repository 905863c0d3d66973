// Command identifiers, as contributed in package.json.
import { HOVER_COMMANDS } from '../../protocol/lsp';

export const COMMANDS = {
  solveSelection: 'ponder.solveSelection',
  solveSelectionFixed: 'ponder.solveSelectionFixed',
  showReasoningTree: HOVER_COMMANDS.showTree,
  solveAgainWithMoreBudget: HOVER_COMMANDS.solveAgain,
  cancel: 'ponder.cancel',
  selectModel: 'ponder.selectModel',
  pullModel: 'ponder.pullModel',
  insertAnswer: 'ponder.insertAnswer',
  showLog: 'ponder.showLog',
  setApiKey: 'ponder.setApiKey',
} as const;
