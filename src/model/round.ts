/**
 * Rounds like Excel's ROUND: half away from zero, on the decimal value Excel displays. Scaling
 * first snaps to 15 significant digits, as Excel and LibreOffice do, so that 0.0015625 (stored as
 * 0.00156249999…) rounds up to 0.001563 in the engine exactly as it does in the workbook.
 *
 * @example
 * roundExcel(2.675, 2); // 2.68, where Math.round(2.675 * 100) / 100 gives 2.67
 */
export function roundExcel(value: number, digits: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const factor = digits === LEVEL_SCORE_DECIMALS ? 1e6 : 10 ** digits;
  let scaled = Math.abs(value) * factor;
  // Snapping to 15 digits moves a value by less than 1e-13 of itself, so it can only matter
  // next to a tie; elsewhere skip the (slow) decimal conversion.
  const fraction = scaled - Math.floor(scaled);
  if (Math.abs(fraction - 0.5) <= 1e-12 * Math.max(1, scaled)) {
    scaled = Number(scaled.toPrecision(15));
  }
  return (Math.sign(value) * Math.floor(scaled + 0.5)) / factor;
}

/** Level scores are rounded to this many decimals before they are compared (SPEC §3.5). */
export const LEVEL_SCORE_DECIMALS = 6;

/** Decimals a level score's quotient is first rounded to, to drop floating-point noise. */
export const LEVEL_SCORE_NOISE_DECIMALS = 12;

/**
 * A level score as the sheets compute it (SPEC §3.5): ROUND(ROUND(q, 12), 6). The inner rounding
 * drops the noise of the division — spreadsheets sum in different orders and may land one unit in
 * the last place apart (Gnumeric: 0.0390624999999999983 where LibreOffice has 0.0390625), and not
 * every ROUND snaps that away — so every engine rounds the same number to 6 places. For a pack's
 * weights the quotient is a fraction with a small denominator: it is either exactly a 6-place tie
 * or far more than 1e-12 from one, so the result is the exact quotient rounded.
 *
 * @example
 * roundLevelScore(0.0390624999999999983); // 0.039063, as for 5/128 exactly
 */
export function roundLevelScore(quotient: number): number {
  const scaled = Math.abs(quotient) * 1e6;
  // Away from a tie, rounding to 12 places first (a move of at most 0.5e-6 here) cannot change
  // the result: the common case stays one multiplication (CTMM.LEVEL runs on every edit).
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6)
    return (Math.sign(quotient) * Math.floor(scaled + 0.5)) / 1e6;
  return roundExcel(roundExcel(quotient, LEVEL_SCORE_NOISE_DECIMALS), LEVEL_SCORE_DECIMALS);
}
