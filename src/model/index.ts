// Temporary placeholder while the model is being written; replaced by the real pack and engine.
export const BUILTIN_PACK = { id: "ctmm-gb-20213294-T-469", version: "1.0.0-draft" } as const;
export function describePack(pack: { id: string; version: string }): string {
  return `${pack.id} ${pack.version}`;
}
