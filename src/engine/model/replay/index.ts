export { describeLineErrors, loadRecordedFile, ReplayFileError } from './load';
export { ReplayExhaustedError, replayCannotRun, ReplayModel, ReplayUnsupportedError } from './model';
export type { ReplayModelOptions } from './model';
export { hashSeed, replayOrder, seededRandom, shuffledIndices } from './order';
export { CHARS_PER_TOKEN, hasScores, parseRecordedLines } from './records';
export type { LineError, RecordedFile, RecordedProblem, RecordedSample } from './records';
