/**
 * The model pack in force, shared by the task pane and the custom functions: both run in the
 * add-in's shared runtime, so one store serves both. The pane sets it from the workbook's
 * settings; the functions read it on every call.
 */
import type { ModelPack } from "../model";
import { BUILTIN_PACK } from "../model";

export interface PackStore {
  get(): ModelPack;
  set(pack: ModelPack): void;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (pack: ModelPack) => void): () => void;
}

/** A store holding one pack. */
export function createPackStore(initial: ModelPack): PackStore {
  let current = initial;
  const listeners = new Set<(pack: ModelPack) => void>();
  return {
    get: () => current,
    set(pack) {
      current = pack;
      listeners.forEach((listener) => listener(pack));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The shared runtime's store (the built-in pack until the pane loads another). */
export const activePack: PackStore = createPackStore(BUILTIN_PACK);
