// The Web Worker that checks one returned workbook (see checkReturn.ts): its own webpack entry,
// with its own runtime, so that nothing of it reaches functions.js.
import type { CheckRequest } from "./checkReturn";
import { checkBytes } from "./checkReturn";

self.onmessage = (event: MessageEvent<CheckRequest>) => {
  self.postMessage(checkBytes(event.data));
};
