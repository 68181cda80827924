// A file's content hash: SHA-256, the identity of its bytes for finding exact copies. Files are
// hashed in chunks so that a 2 GB file never sits in memory whole: the hash of a file of one chunk
// is the SHA-256 of its bytes (what `sha256sum` prints), of a longer file the SHA-256 of its
// chunks' digests in order. Files are only ever compared with files of the same size, so both
// forms never meet.

/** Bytes hashed per read: large enough that the per-read cost vanishes, small enough to hold in memory. */
export const HASH_CHUNK_BYTES = 8 * 1024 * 1024;

/** Bytes [start, end) of the file. */
export type ReadRange = (start: number, end: number) => Promise<ArrayBuffer>;

export async function contentHash(size: number, read: ReadRange): Promise<string> {
  if (size <= HASH_CHUNK_BYTES) return hex(await crypto.subtle.digest('SHA-256', await read(0, size)));
  const digests = new Uint8Array(Math.ceil(size / HASH_CHUNK_BYTES) * 32);
  for (let start = 0, i = 0; start < size; start += HASH_CHUNK_BYTES, i++) {
    digests.set(new Uint8Array(await crypto.subtle.digest('SHA-256', await read(start, Math.min(size, start + HASH_CHUNK_BYTES)))), i * 32);
  }
  return hex(await crypto.subtle.digest('SHA-256', digests));
}

function hex(digest: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(digest)) out += byte.toString(16).padStart(2, '0');
  return out;
}
