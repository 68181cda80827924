// File and folder names that every platform accepts. OPFS and Chromium accept names that
// Windows, macOS and exFAT reject (CON, "a:b", trailing dots, 300 characters), so the organizer
// sanitizes for all of them itself. Replacements follow beets' defaults where they read well.

export interface SanitizeOptions {
  /** Replaces characters no file system accepts. Default "_". */
  replacement?: string;
  /** Limit of the name in UTF-8 bytes. Default 255 (ext4, APFS, NTFS in UTF-16 is looser). */
  maxBytes?: number;
}

const MAX_NAME_BYTES = 255;
const RESERVED_STEM = /^(?:con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])$/iu;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const encoder = new TextEncoder();

/** Splits "Title.flac" into stem and ".flac". A dot-name or a "Vol. 2"-like tail is no extension. */
export function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: '' };
  const ext = name.slice(dot + 1);
  if (!/^[A-Za-z0-9]{1,8}$/.test(ext) || !/[A-Za-z]/.test(ext)) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}

function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

/** Cuts s to fit `fits`, only between grapheme clusters (never inside a surrogate pair, a
 * combining sequence or an emoji ZWJ sequence). */
function cutGraphemes(s: string, fits: (prefix: string) => boolean): string {
  if (fits(s)) return s;
  let kept = '';
  for (const { segment } of segmenter.segment(s)) {
    if (!fits(kept + segment)) break;
    kept += segment;
  }
  return kept;
}

function tidyEnds(s: string): string {
  // Leading dots hide files on macOS/Linux; trailing dots and spaces vanish on Windows.
  return s.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

function avoidReserved(stem: string): string {
  // Windows reserves device names whatever follows the first dot: "con.mp3", "NUL.tar.gz".
  const firstDot = stem.indexOf('.');
  const head = firstDot < 0 ? stem : stem.slice(0, firstDot);
  if (!RESERVED_STEM.test(head.trimEnd())) return stem;
  return head.trimEnd() + '_' + (firstDot < 0 ? '' : stem.slice(firstDot));
}

/** Truncates a name to `fits`, keeping its extension and clean ends. */
function truncateName(name: string, fits: (candidate: string) => boolean, replacement: string, folder = false): string {
  if (fits(name)) return name;
  const { stem, extension } = folder ? { stem: name, extension: '' } : splitExtension(name);
  let cut = tidyEnds(cutGraphemes(stem, (p) => fits(p + extension)));
  if (RESERVED_STEM.test(cut)) cut = cut.slice(0, -1);
  if (cut === '') cut = replacement;
  return cut + extension;
}

/**
 * One path component (a folder or file name) that Windows, macOS, Linux and exFAT all accept:
 * NFC, no `<>:"/\|?*` or control characters, no leading/trailing dots or spaces, not a device
 * name, never empty, "." or "..", at most 255 UTF-8 bytes with its extension kept. Idempotent.
 */
export function sanitizeComponent(name: string, opts: SanitizeOptions = {}): string {
  const replacement = opts.replacement ?? '_';
  const maxBytes = opts.maxBytes ?? MAX_NAME_BYTES;
  let s = name.normalize('NFC');
  s = s.replace(/[\t\n\r]/g, ' ');
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\x00-\x1f\x7f]/g, replacement);
  s = s.replace(/\s*:\s+/g, ' - '); // "Title: Subtitle" reads best as "Title - Subtitle"
  s = s.replace(/"/g, "'");
  s = s.replace(/[<>:/\\|?*]/g, replacement);
  s = tidyEnds(s);
  if (s === '') s = replacement;
  s = avoidReserved(s);
  s = truncateName(s, (c) => utf8Length(c) <= maxBytes, replacement);
  return s.normalize('NFC');
}

/**
 * "Title.flac" with collision number n (≥ 2) → "Title (2).flac", the stem cut so the name keeps
 * within 255 bytes; n ≤ 1 leaves the name as is. The one place a collision number is written.
 */
export function withSuffix(name: string, n: number, opts: { folder?: boolean } = {}): string {
  if (n <= 1) return name;
  const { stem, extension } = opts.folder ? { stem: name, extension: '' } : splitExtension(name);
  const suffix = ` (${n})`;
  const fits = (p: string) => utf8Length(p + suffix + extension) <= MAX_NAME_BYTES;
  // Only a cut stem is tidied (a cut can end on a space or a dot); a whole one stays as it was.
  const fitted = fits(stem) ? stem : tidyEnds(cutGraphemes(stem, fits));
  return fitted + suffix + extension;
}

export interface FitPathOptions {
  /** Whole-path limit in UTF-16 code units, as Windows counts MAX_PATH. Default 259. */
  maxLength?: number;
  /** Length of whatever precedes the components on disk, including its trailing separator. */
  prefixLength?: number;
}

export class PathTooLongError extends Error {
  override name = 'PathTooLongError';
}

// Below these lengths a name stops being recognisable; they give way only as a last resort.
const MIN_STEM = 12;
const MIN_FOLDER = 8;

function pathLength(components: readonly string[], prefixLength: number): number {
  return prefixLength + components.reduce((sum, c) => sum + c.length, 0) + Math.max(0, components.length - 1);
}

/** Shortens component i to at most `length` UTF-16 units, a file's extension kept. */
function shortenTo(components: string[], i: number, length: number): void {
  const name = components[i]!;
  if (name.length <= length) return;
  components[i] = truncateName(name, (c) => c.length <= length, '_', i < components.length - 1);
}

/** Lowers the longest folder names to a common level so that they give back `excess` units. */
function levelFolders(components: string[], excess: number, floor: number): void {
  const folders = components.length - 1;
  let level = Math.max(...components.slice(0, folders).map((c) => c.length), floor);
  const over = (l: number) => components.slice(0, folders).reduce((s, c) => s + Math.max(0, c.length - l), 0);
  while (level > floor && over(level) < excess) level -= 1;
  for (let i = 0; i < folders; i += 1) shortenTo(components, i, level);
}

/**
 * Fits a relative path (folders…, file name) under the whole-path limit: the file's stem gives way
 * first (down to 12 characters), then the longest folder names (down to 8), then everything down
 * to one character. Extensions are never cut. Deterministic: same input, same output.
 * Throws PathTooLongError when even that cannot fit (a prefix nearly as long as the limit).
 */
export function fitPath(components: readonly string[], opts: FitPathOptions = {}): string[] {
  const maxLength = opts.maxLength ?? 259;
  const prefixLength = opts.prefixLength ?? 0;
  const out = [...components];
  const last = out.length - 1;
  if (last < 0) return out;
  const excess = () => pathLength(out, prefixLength) - maxLength;
  const fileFloor = (min: number) => {
    const ext = splitExtension(out[last]!).extension.length;
    return Math.max(out[last]!.length - excess(), Math.min(out[last]!.length, ext + min));
  };
  if (excess() > 0) shortenTo(out, last, fileFloor(MIN_STEM));
  if (excess() > 0 && last > 0) levelFolders(out, excess(), MIN_FOLDER);
  if (excess() > 0) shortenTo(out, last, fileFloor(1));
  if (excess() > 0 && last > 0) levelFolders(out, excess(), 1);
  if (excess() > 0) {
    throw new PathTooLongError(`Path cannot fit in ${maxLength} characters: ${components.join('/')}`);
  }
  return out;
}
