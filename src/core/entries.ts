// Which names in a library folder the organizer looks at at all.

/** Left out of the walk entirely: hidden files and folders, and the debris of interrupted writes. */
export function isHiddenEntry(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.crswap')) return true;
  // .DS_Store starts with a dot but is junk the user may want cleaned up, so it is reported.
  if (JUNK_NAMES.has(lower)) return false;
  // ".git", ".Trash", our own ".mo-tmp-…" are hidden; "...And You Will Know Us by the Trail of Dead" is a band.
  return /^\.(?!\.)/.test(name);
}

/** Operating-system litter. Reported, never parsed or moved; deleted only if the user opts in. */
const JUNK_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'ehthumbs.db', '._.ds_store']);

export function isJunkName(name: string): boolean {
  return JUNK_NAMES.has(name.toLowerCase());
}

const AUDIO_EXTENSIONS = new Set([
  'mp3', 'flac', 'm4a', 'mp4', 'alac', 'aac', 'ogg', 'oga', 'opus', 'wma', 'wav', 'aif', 'aiff', 'ape', 'wv', 'mpc', 'dsf',
]);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function isAudioName(name: string): boolean {
  return AUDIO_EXTENSIONS.has(extensionOf(name));
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}
