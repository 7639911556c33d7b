// The pure core: the CTMM model pack, its validation and the scoring engine (SPEC §2-§3).
// Nothing here touches Office, React, the DOM or Node; lint enforces it.
export * from "./types";
export * from "./errors";
export { DEFAULT_RATING_SCALE, DEFAULT_THRESHOLD, loadPack } from "./pack";
export { BUILTIN_PACK } from "./builtinPack";
export {
  createRatingParser,
  normalizeLabel,
  NOT_APPLICABLE,
  NOT_APPLICABLE_MARKS,
  ratingKey,
  ratingNumbers,
  ratingTexts,
  trimSpaces,
} from "./ratings";
export type { RatingCell, RatingParser, RatingProblem } from "./ratings";
export { describeInvalidRating, shownRating } from "./ratingMessages";
export {
  LEVEL_SCORE_DECIMALS,
  LEVEL_SCORE_NOISE_DECIMALS,
  roundExcel,
  roundLevelScore,
} from "./round";
export {
  assertThreshold,
  assess,
  computeEffectiveWeights,
  computeLevelScores,
  levelFromScores,
  listItems,
  OVERALL_NAME,
  quickLevelRatings,
  readItemRows,
  scoreFromLevel,
  scoreFromNextLevelScore,
  scoreRows,
  toItemVector,
} from "./engine";
export type {
  AggregateResult,
  Assessment,
  AssessmentInput,
  AssessOptions,
  ItemPlacement,
  ItemResult,
  ItemRow,
  ItemVector,
  LevelBlocker,
  LevelResult,
} from "./engine";
export { describePack, levelLabel } from "./labels";
export { findImprovementPath, findImprovementPaths } from "./improvementPath";
export type { ImprovementOutcome, ImprovementPaths } from "./improvementPath";
