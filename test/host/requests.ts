/**
 * Request-size accounting. Each `context.sync()` sends the queued operations as one request, and
 * Excel on the web refuses a request whose payload is over 5 MB (`RequestPayloadSizeLimitExceeded`).
 * The fake estimates each operation as what is serialised for it — JSON of the value set or the
 * arguments passed, the address or name it acts on — plus a fixed overhead for the object path and
 * action, and refuses a sync whose sum is over the limit, applying nothing of it.
 */

/** Excel on the web's limit on a request's payload, taken as 5,000,000 bytes to be conservative. */
export const REQUEST_PAYLOAD_LIMIT = 5_000_000;

/** What Office JS sends around each operation (object path, ids, action type), roughly. */
export const OPERATION_BYTES = 100;

/** One `sync()`: what it sent and what came back. */
export interface FakeRequest {
  /** Estimated size of the request payload. */
  readonly bytes: number;
  /** Operations sent: property writes, method calls, loads and object lookups (getRange, …). */
  readonly operations: number;
  /** Estimated size of the response: JSON of every loaded value. */
  responseBytes: number;
  /** The error code the sync failed with, if it did. */
  error?: string;
  /** How many queued operations took effect (all of them unless the sync failed). */
  applied: number;
}

/** The bytes an operation adds to a request: the fixed overhead plus its serialised arguments. */
export function operationBytes(...parts: unknown[]): number {
  let bytes = OPERATION_BYTES;
  for (const part of parts) bytes += serializedBytes(part);
  return bytes;
}

/** UTF-8 bytes of the JSON of a value (0 for undefined). */
export function serializedBytes(value: unknown): number {
  const json: string | undefined = value === undefined ? undefined : JSON.stringify(value);
  return json === undefined ? 0 : utf8Length(json);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}
