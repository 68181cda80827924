// Whether a file embeds a picture, judged from the head the scan read anyway: music-metadata with
// skipCovers (which keeps pictures off the scan path, decision 0003) leaves no trace of them.
// Only the places a tagger writes a picture's header are looked at; the picture itself may run
// past the head. A picture this cannot see (an MP4 `moov` after its `mdat`, a WAV's ID3 chunk
// after the samples) counts as none: it only breaks ties between duplicate copies.

const ascii = (b: Uint8Array, at: number, text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
const be32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const syncsafe = (b: Uint8Array, at: number) => ((b[at]! & 0x7f) << 21) | ((b[at + 1]! & 0x7f) << 14) | ((b[at + 2]! & 0x7f) << 7) | (b[at + 3]! & 0x7f);

/** An APIC (PIC in v2.2) frame among the ID3v2 frames at `at`, walking frame headers within the head. */
function id3Picture(head: Uint8Array, at: number): boolean {
  const major = head[at + 3]!;
  const flags = head[at + 5]!;
  const end = Math.min(head.length, at + 10 + syncsafe(head, at + 6));
  let pos = at + 10;
  if (flags & 0x40) pos += major === 4 ? syncsafe(head, pos) : be32(head, pos) + 4;
  const header = major === 2 ? 6 : 10;
  while (pos + header <= end && head[pos] !== 0) {
    if (major === 2 ? ascii(head, pos, 'PIC') : ascii(head, pos, 'APIC')) return true;
    const size = major === 2 ? (head[pos + 3]! << 16) | (head[pos + 4]! << 8) | head[pos + 5]! : major === 4 ? syncsafe(head, pos + 4) : be32(head, pos + 4);
    pos += header + size;
  }
  return false;
}

/** A PICTURE block (type 6) among the FLAC metadata blocks at `at`. */
function flacPicture(head: Uint8Array, at: number): boolean {
  let pos = at + 4;
  while (pos + 4 <= head.length) {
    const type = head[pos]! & 0x7f;
    if (type === 6) return true;
    if (head[pos]! & 0x80) return false;
    pos += 4 + ((head[pos + 1]! << 16) | (head[pos + 2]! << 8) | head[pos + 3]!);
  }
  return false;
}

/** Where `text` (ASCII) occurs in `b` from `from`, or -1; typed arrays search their first byte natively. */
function find(b: Uint8Array, text: string, from = 0, to = b.length): number {
  const first = text.charCodeAt(0);
  for (let i = b.indexOf(first, from); i >= 0 && i + text.length <= to; i = b.indexOf(first, i + 1)) if (ascii(b, i, text)) return i;
  return -1;
}

/** The same, case-insensitively for letters (Vorbis comment names are case-insensitive). */
function findFolded(b: Uint8Array, text: string, to: number): boolean {
  return find(b, text.toUpperCase(), 0, to) >= 0 || find(b, text.toLowerCase(), 0, to) >= 0;
}

/** Vorbis comments sit in the stream's second page, well inside the first 64 KB. */
const OGG_COMMENT_REACH = 64 * 1024;

export function hasEmbeddedCover(head: Uint8Array): boolean {
  let at = 0;
  if (ascii(head, 0, 'ID3')) {
    if (id3Picture(head, 0)) return true;
    at = 10 + syncsafe(head, 6);
  }
  if (ascii(head, at, 'fLaC')) return flacPicture(head, at);
  if (ascii(head, at, 'OggS')) return findFolded(head, 'METADATA_BLOCK_PICTURE=', Math.min(head.length, OGG_COMMENT_REACH));
  if (ascii(head, at + 4, 'ftyp')) {
    // An iTunes `covr` atom holds its picture in a `data` atom right behind its own header.
    for (let i = find(head, 'covr', at); i >= 0; i = find(head, 'covr', i + 1)) if (ascii(head, i + 8, 'data')) return true;
    return false;
  }
  if (head[at] === 0x30 && head[at + 1] === 0x26 && head[at + 2] === 0xb2) {
    // ASF names its picture attribute in UTF-16LE.
    return find(head, 'W\0M\0/\0P\0i\0c\0t\0u\0r\0e\0') >= 0;
  }
  return false;
}
