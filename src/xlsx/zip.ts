import { Inflate, inflateSync } from "fflate";
import { XlsxError } from "./errors";

/** One entry of a zip's central directory: where its data is and what its header claims. */
export interface ZipEntry {
  /** The name as stored, with "/" separators. */
  readonly name: string;
  /** 0 stored, 8 deflated; anything else is refused when read. */
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  /** The inflated size the header claims (a claim only: the reader counts the real bytes). */
  readonly declaredSize: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_COMMENT = 0xffff;

/** Compressed bytes handed to the inflater at a time: bounds what one step can produce (~1000×). */
const INFLATE_CHUNK = 16 * 1024;

/**
 * Entries up to this compressed size whose header claims a size within the caller's limit are
 * inflated in one go into a buffer of that size (one byte more, to see a lie): the most work a
 * lying header can cause is what 64 KB of deflate can expand to (~66 MB, a few tens of ms), and
 * the memory stays the buffer's. A larger entry, or one whose header lied, is inflated in chunks.
 */
const ONE_GO_MAX_COMPRESSED = 64 * 1024;

/**
 * A raw-deflate inflater the caller may supply instead of the built-in one (fflate, pure JS), such
 * as Node's native zlib in the CLI. It must stop once the output passes `maxBytes` and return null
 * then, and throw if the data is not valid deflate.
 */
export type InflateRaw = (
  data: Uint8Array,
  maxBytes: number,
  /** The size the zip header claims: a hint for the output buffer, not to be trusted. */
  declaredSize: number,
) => Uint8Array | null;

function damaged(detail: string): XlsxError {
  return new XlsxError(
    "DAMAGED",
    `The file is truncated or damaged: it is not a complete zip archive (${detail})`,
  );
}

/**
 * The entries of a zip archive, from its central directory alone: nothing is inflated. ZIP64
 * sizes and offsets are honoured.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - MAX_COMMENT; i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged("no end of central directory");

  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20) {
    if (view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
      const at = safeNumber(view.getBigUint64(eocd - 12, true));
      if (at + 56 > bytes.length || view.getUint32(at, true) !== ZIP64_EOCD) {
        throw damaged("bad ZIP64 end of central directory");
      }
      count = safeNumber(view.getBigUint64(at + 32, true));
      offset = safeNumber(view.getBigUint64(at + 48, true));
    }
  }

  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder("utf-8");
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_HEADER) {
      throw damaged("bad central directory entry");
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    let compressedSize = view.getUint32(p + 20, true);
    let declaredSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    const nameEnd = p + 46 + nameLength;
    if (nameEnd + extraLength + commentLength > bytes.length) throw damaged("entry past the end");
    const name =
      asciiName(bytes, p + 46, nameEnd) ?? decoder.decode(bytes.subarray(p + 46, nameEnd));

    // ZIP64 extra field: the 64-bit values of whichever 32-bit fields are 0xFFFFFFFF, in order.
    for (let e = nameEnd; e + 4 <= nameEnd + extraLength;) {
      const id = view.getUint16(e, true);
      const size = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        const next = () => {
          if (q + 8 > e + 4 + size) throw damaged("bad ZIP64 field");
          const value = safeNumber(view.getBigUint64(q, true));
          q += 8;
          return value;
        };
        if (declaredSize === 0xffffffff) declaredSize = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
      }
      e += 4 + size;
    }

    entries.push({
      name: name.includes("\\") ? name.replace(/\\/g, "/") : name,
      method,
      encrypted: (flags & 1) !== 0,
      compressedSize,
      declaredSize,
      localHeaderOffset,
    });
    p = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/** A name of ASCII bytes as a string (faster than the decoder for a short one), else undefined. */
function asciiName(bytes: Uint8Array, start: number, end: number): string | undefined {
  let name = "";
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) return undefined;
    name += String.fromCharCode(c);
  }
  return name;
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged("a size or offset out of range");
  return Number(value);
}

/**
 * Inflates one entry, a bounded chunk at a time. `onData` is told the length of each inflated
 * chunk before it is kept, and throws to stop: so a zip bomb is stopped by the bytes it really
 * produces, whatever its header claims, before they pile up.
 */
export function inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
  onData: (length: number) => void,
  inflateRaw?: InflateRaw,
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) {
    throw damaged(`no local header for ${entry.name}`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged(`${entry.name} is cut short`);
  if (entry.encrypted) {
    throw new XlsxError("DAMAGED", `The part ${entry.name} is encrypted; save the file without it`);
  }
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    onData(data.length);
    return data;
  }
  if (entry.method !== 8) {
    throw new XlsxError(
      "DAMAGED",
      `The part ${entry.name} uses a compression method (${entry.method}) workbooks do not use`,
    );
  }

  if (inflateRaw) {
    let out: Uint8Array | null;
    try {
      out = inflateRaw(data, maxBytes, entry.declaredSize);
    } catch (error) {
      throw damaged(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    onData(out === null ? maxBytes + 1 : out.length); // past the limit: onData throws
    if (out === null) throw damaged(`${entry.name} inflates past ${maxBytes} bytes`);
    return out;
  }

  if (data.length <= ONE_GO_MAX_COMPRESSED && entry.declaredSize < maxBytes) {
    const out = inflateInto(data, entry.declaredSize + 1);
    if (out !== null && out.length <= entry.declaredSize) {
      onData(out.length);
      return out;
    }
  }

  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk: Uint8Array) => {
    if (chunk.length === 0) return;
    onData(chunk.length);
    chunks.push(chunk);
    total += chunk.length;
  });
  try {
    if (data.length === 0) inflater.push(data, true);
    for (let p = 0; p < data.length; p += INFLATE_CHUNK) {
      const q = Math.min(p + INFLATE_CHUNK, data.length);
      inflater.push(data.subarray(p, q), q === data.length);
    }
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    throw damaged(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let p = 0;
  for (const chunk of chunks) {
    out.set(chunk, p);
    p += chunk.length;
  }
  return out;
}

/** Inflates into a buffer of `size` bytes; the output past it is dropped. Null if it fails. */
function inflateInto(data: Uint8Array, size: number): Uint8Array | null {
  try {
    return inflateSync(data, { out: new Uint8Array(size) });
  } catch {
    return null; // a damaged stream, or a stored block past the end: the chunked path says which
  }
}
