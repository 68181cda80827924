// Why a file could not be read, in words a person can act on. Shared by the scan (main thread)
// and the parsers (workers), so it imports nothing: the main bundle must not pull in the parser.

export const UNREADABLE = {
  empty: 'empty file (0 bytes)',
  notAudio: 'not an audio file / unsupported format',
  vanished: 'file no longer exists',
  changed: 'file changed or became unreadable while it was being read',
  /** Cut off part-way, as an interrupted download or copy leaves it. */
  truncated: 'file is truncated or corrupt: it ends too soon, part of it is missing',
} as const;

export function errorName(error: unknown): string {
  return error instanceof Error || error instanceof DOMException ? error.name : '';
}

/** Why reading a file's bytes failed, in words: it vanished, or it changed while being read. */
export function readFailure(error: unknown): string {
  if (errorName(error) === 'NotFoundError') return UNREADABLE.vanished;
  return UNREADABLE.changed;
}
