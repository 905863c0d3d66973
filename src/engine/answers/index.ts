// Final answers: extraction from model text, normalisation and equivalence, clustering for votes,
// Game of 24 checking, and grading of a sample against its task's rule.
export type { ExtractedAnswer, ExtractionMethod, ExtractOptions } from './extract';
export { EXTRACTION_METHODS, extractAnswer, extractBoxed } from './extract';
export { normalizeAnswer } from './normalize';
export { answersEquivalent } from './equivalence';
export type { AnswerCluster, AnswerVote, ClusterMember, ClusterOptions } from './cluster';
export { clusterAnswers } from './cluster';
export { checkGame24, checkGame24Expression, extractGame24Expression, game24AnswerKey, game24Numbers } from './game24';
export type { GradeOptions, GradeResult, GradeTask } from './grade';
export { TASK_METHODS, gradeSample } from './grade';
