import raw from "./packs/ctmm-builtin.json";
import { loadPack } from "./pack";
import type { ModelPack } from "./types";

/**
 * The built-in pack: table 1 of the draft standard's explanatory note (6 domains, 17 sub-domains,
 * 37 items, equal weights), its level descriptions and table 2's domain traits (SPEC §2). It goes
 * through the same validation as any pack a user loads.
 */
export const BUILTIN_PACK: ModelPack = loadPack(raw);
