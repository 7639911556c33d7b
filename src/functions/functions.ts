/**
 * Excel custom functions in the CTMM namespace (=CTMM.VERSION() and, later, LEVEL, SCORE, …).
 *
 * Each function is a thin, side-effect-free wrapper over the model, so tests import it directly.
 * The JSDoc is the help Excel shows in formula autocomplete: it is written for analysts.
 * custom-functions-metadata-plugin turns it into functions.json and appends the
 * `CustomFunctions.associate(...)` calls to the bundle (guarded outside Excel by
 * scripts/guard-associate-loader.cjs), so nothing here registers anything by itself.
 */
import { BUILTIN_PACK, describePack } from "../model";

/**
 * Returns the id and version of the CTMM model pack that levels and scores are computed with: put it next to your results so that readers know which edition of the model they come from.
 * @customfunction VERSION
 * @returns The model pack's id and version, separated by a space.
 */
export function version(): string {
  return describePack(BUILTIN_PACK);
}
