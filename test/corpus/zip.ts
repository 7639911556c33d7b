import { Deflate, unzipSync } from "fflate";

/**
 * A small zip writer for hostile test files: entries may be deflated from a generator of chunks
 * (a gigabyte of zeros never sits in memory), and the sizes written in the headers may lie.
 */
export interface ZipEntry {
  readonly name: string | Uint8Array;
  /** The entry's content: bytes, or chunks produced one at a time. */
  readonly data: Uint8Array | (() => Iterable<Uint8Array>);
  /** Store without compression (method 0) instead of deflating. */
  readonly stored?: boolean;
  /** Sizes to claim in the headers instead of the true ones. */
  readonly claimedSize?: number;
  readonly claimedCompressedSize?: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(crc: number, bytes: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function compress(entry: ZipEntry): { bytes: Uint8Array; crc: number; size: number } {
  const chunks = entry.data instanceof Uint8Array ? [entry.data] : entry.data();
  const out: Uint8Array[] = [];
  let crc = 0;
  let size = 0;
  const deflate = entry.stored ? null : new Deflate({ level: 6 }, (chunk) => out.push(chunk));
  for (const chunk of chunks) {
    crc = crc32(crc, chunk);
    size += chunk.length;
    if (deflate) deflate.push(chunk);
    else out.push(chunk);
  }
  deflate?.push(new Uint8Array(0), true);
  return { bytes: concat(out), crc, size };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Builds a zip archive from the entries, in order. */
export function buildZip(entries: readonly ZipEntry[]): Uint8Array {
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === "string" ? new TextEncoder().encode(entry.name) : entry.name;
    const { bytes, crc, size } = compress(entry);
    const method = entry.stored ? 0 : 8;
    const claimed = entry.claimedSize ?? size;
    const claimedCompressed = entry.claimedCompressedSize ?? bytes.length;
    const header = new DataView(new ArrayBuffer(30));
    header.setUint32(0, 0x04034b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 0x0800, true); // UTF-8 names
    header.setUint16(8, method, true);
    header.setUint32(14, crc, true);
    header.setUint32(18, claimedCompressed >>> 0, true);
    header.setUint32(22, claimed >>> 0, true);
    header.setUint16(26, name.length, true);
    local.push(new Uint8Array(header.buffer), name, bytes);
    const record = new DataView(new ArrayBuffer(46));
    record.setUint32(0, 0x02014b50, true);
    record.setUint16(4, 20, true);
    record.setUint16(6, 20, true);
    record.setUint16(8, 0x0800, true);
    record.setUint16(10, method, true);
    record.setUint32(16, crc, true);
    record.setUint32(20, claimedCompressed >>> 0, true);
    record.setUint32(24, claimed >>> 0, true);
    record.setUint16(28, name.length, true);
    record.setUint32(42, offset, true);
    central.push(new Uint8Array(record.buffer), name);
    offset += 30 + name.length + bytes.length;
  }
  const directory = concat(central);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, directory.length, true);
  end.setUint32(16, offset, true);
  return concat([...local, directory, new Uint8Array(end.buffer)]);
}

/** The entries of a (good) zip, to rebuild it with some parts replaced. */
export function zipEntries(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(bytes)));
}

/** `count` bytes of `text` repeated, in 1 MB chunks. */
export function* repeated(text: string, count: number): Iterable<Uint8Array> {
  const unit = new TextEncoder().encode(text);
  const chunk = new Uint8Array(1024 * 1024 - ((1024 * 1024) % unit.length));
  for (let i = 0; i < chunk.length; i += unit.length) chunk.set(unit, i);
  let left = count;
  while (left > 0) {
    const n = Math.min(left, chunk.length);
    yield n === chunk.length ? chunk : chunk.subarray(0, n);
    left -= n;
  }
}
