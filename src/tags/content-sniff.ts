// What a file's first bytes say it is. music-metadata trusts the extension: it reads a PNG named
// .flac as broken FLAC and finds "MPEG frames" in random bytes named .mp3. These checks let the
// reader tell a person which of "not audio at all", "damaged" and "cut short" applies.

const ascii = (head: Uint8Array, at: number, text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (head[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
const bytes = (head: Uint8Array, at: number, values: readonly number[]): boolean => values.every((v, i) => head[at + i] === v);

/** Formats people most often find renamed to .mp3 and friends, by their magic numbers. */
const STRANGERS: [string, (head: Uint8Array) => boolean][] = [
  ['a PNG image', (h) => bytes(h, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['a JPEG image', (h) => bytes(h, 0, [0xff, 0xd8, 0xff])],
  ['a GIF image', (h) => ascii(h, 0, 'GIF8')],
  ['a WebP image', (h) => ascii(h, 0, 'RIFF') && ascii(h, 8, 'WEBP')],
  ['a PDF document', (h) => ascii(h, 0, '%PDF-')],
  ['a ZIP archive', (h) => ascii(h, 0, 'PK\x03\x04') || ascii(h, 0, 'PK\x05\x06')],
  ['a RAR archive', (h) => ascii(h, 0, 'Rar!\x1a\x07')],
  ['a 7-Zip archive', (h) => bytes(h, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  ['a gzip archive', (h) => bytes(h, 0, [0x1f, 0x8b])],
  ['a Windows program', (h) => ascii(h, 0, 'MZ')],
  ['a web page', (h) => /^\s*<(?:!doctype html|html)/i.test(String.fromCharCode(...h.subarray(0, 64)))],
];

/** "a PNG image" when the bytes are plainly some other kind of file; undefined otherwise. */
export function strangerKind(head: Uint8Array): string | undefined {
  return STRANGERS.find(([, test]) => test(head))?.[0];
}

const ASF_GUID = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11];

/** Whether the file starts like some audio container (after an ID3v2 tag, if any). */
export function hasAudioSignature(head: Uint8Array): boolean {
  if (ascii(head, 0, 'ID3')) return true;
  return (
    ['fLaC', 'OggS', 'MAC ', 'wvpk', 'MPCK', 'MP+', 'DSD ', 'ADIF', '.snd'].some((magic) => ascii(head, 0, magic)) ||
    (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) ||
    (ascii(head, 0, 'FORM') && (ascii(head, 8, 'AIFF') || ascii(head, 8, 'AIFC'))) ||
    ascii(head, 4, 'ftyp') ||
    bytes(head, 0, ASF_GUID) ||
    frameLength(head, 0) !== undefined
  );
}

// Kilobits per second by bitrate index, per MPEG version 1 / 2 and layer.
const V1 = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
];
const V2 = [
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Length of the MPEG audio frame whose header is at `at`, or undefined when no valid header is there. */
function frameLength(b: Uint8Array, at: number): number | undefined {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return undefined;
  const version = (b[at + 1]! >> 3) & 3;
  const layer = 4 - ((b[at + 1]! >> 1) & 3);
  const bitrateIndex = b[at + 2]! >> 4;
  const rateIndex = (b[at + 2]! >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const kbps = (version === 3 ? V1 : V2)[layer - 1]![bitrateIndex]!;
  const rate = SAMPLE_RATES[version]![rateIndex]!;
  const padding = (b[at + 2]! >> 1) & 1;
  if (layer === 1) return (Math.floor((12 * kbps * 1000) / rate) + padding) * 4;
  const perSample = layer === 3 && version !== 3 ? 72 : 144;
  return Math.floor((perSample * kbps * 1000) / rate) + padding;
}

/**
 * Whether the head holds real MPEG audio: a frame header whose frame is followed by another
 * header, as decoders check before trusting a sync word. Random bytes pass the single-header
 * test about once per few hundred bytes, and this one practically never.
 */
export function hasMpegFrames(head: Uint8Array, fileSize: number, searchFrom = 0, searchBytes = 64 * 1024): boolean {
  const end = Math.min(head.length - 3, searchFrom + searchBytes);
  for (let at = searchFrom; at < end; at++) {
    const length = frameLength(head, at);
    if (length === undefined) continue;
    const next = at + length;
    if (next === fileSize) return true;
    // A frame reaching past the head: only the rest of the file can confirm it, and it exists.
    if (next + 4 > head.length) {
      if (head.length < fileSize) return true;
      continue;
    }
    if (frameLength(head, next) !== undefined && ((head[next + 1]! ^ head[at + 1]!) & 0xfe) === 0) return true;
  }
  return false;
}

/** Where the audio starts: after an ID3v2 tag (header + size, plus footer), or 0. */
export function id3v2End(head: Uint8Array): number {
  if (!ascii(head, 0, 'ID3') || head.length < 10) return 0;
  const size = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
  const footer = head[3] === 4 && (head[5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}
