// Cover art, cue sheets, rip logs and lyrics travel with their music — but only when it is
// certain whose they are. A cover in a flat dump of many albums belongs to nobody and stays.
import type { CompanionFile, CompanionRole, Release } from './model.ts';
import { discFolderNumber } from './album-folder.ts';
import { baseName, extensionOf, isAudioName, isJunkName, parentOf } from './entries.ts';

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp', 'tif', 'tiff']);
// Rip and playlist files that describe the whole disc (checksums, logs, cue sheets).
const ALBUM_EXTENSIONS = new Set(['cue', 'log', 'nfo', 'm3u', 'm3u8', 'pls', 'accurip', 'ffp', 'md5', 'sfv']);
const ART_FOLDERS = new Set(['scans', 'artwork', 'covers', 'scan', 'art', 'booklet']);
const TRACK_EXTENSIONS = new Set(['lrc']);
// Lyrics or notes as .txt only count as a track's when a recording shares their base name.
const MAYBE_TRACK_EXTENSIONS = new Set(['lrc', 'txt']);

function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).normalize('NFC').toLowerCase();
}

/** The sibling key a track companion and its recording share: folder + base name without extension. */
function siblingKey(path: string): string {
  return `${parentOf(path).normalize('NFC').toLowerCase()}/${stemOf(baseName(path))}`;
}

function artFolderIndex(path: string): number {
  const folders = parentOf(path).split('/');
  for (let i = 0; i < folders.length; i += 1) if (ART_FOLDERS.has(folders[i]!.toLowerCase())) return i;
  return -1;
}

/**
 * What a file is to the library, from its path alone. `.txt` is 'track' only when `audioPaths` is
 * given and holds a recording with the same folder and base name; otherwise 'other'.
 */
export function companionRole(path: string, audioPaths?: ReadonlySet<string>): CompanionRole | 'audio' {
  const name = baseName(path);
  if (isJunkName(name) || name.startsWith('._')) return 'junk';
  if (isAudioName(name)) return 'audio';
  const ext = extensionOf(name);
  if (artFolderIndex(path) >= 0) return 'album';
  if (IMAGE_EXTENSIONS.has(ext) || ALBUM_EXTENSIONS.has(ext)) return 'album';
  if (TRACK_EXTENSIONS.has(ext)) return 'track';
  if (ext === 'txt' && audioPaths) {
    const key = siblingKey(path);
    for (const audio of audioPaths) if (siblingKey(audio) === key) return 'track';
  }
  return 'other';
}

/** The folder whose music an album companion describes: above any scans/artwork folder. */
export function ownerFolder(path: string): string {
  const folders = parentOf(path);
  const i = artFolderIndex(path);
  return i < 0 ? folders : folders.split('/').slice(0, i).join('/');
}

export interface CompanionAttachment {
  albumCompanions: Map<string, CompanionFile[]>;
  trackCompanions: Map<string, CompanionFile[]>;
  unattached: CompanionFile[];
  /**
   * For each unattached album companion below the top folder: the audio of the folder it
   * describes (with its disc subfolders), so a plan can still send it after that music when the
   * music goes somewhere as one (a copy of an album, set aside whole).
   */
  folderAudio: Map<string, string[]>;
  /** The releases again, each with its album companions in `companions`. */
  releases: Release[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Assigns album companions to the one release that owns all the music of their folder (and of its
 * "CD1"/"Disc 2" subfolders), and track companions (.lrc, same-named .txt) to their recording.
 * Audio that is in no release (untagged files) does not block a folder from going to its release,
 * as long as that release holds at least half of the folder's audio. Everything else is unattached.
 */
export function attachCompanions(
  releases: readonly Release[],
  companions: readonly CompanionFile[],
  audioPaths: ReadonlySet<string>,
): CompanionAttachment {
  const releaseOf = new Map<string, string>();
  for (const r of releases) for (const rec of r.recordings) releaseOf.set(rec.path, r.id);
  // Folder → audio directly inside it or inside its disc subfolders.
  const audioByFolder = new Map<string, string[]>();
  const audioBySibling = new Map<string, string[]>();
  for (const audio of new Set([...audioPaths, ...releaseOf.keys()])) {
    const parent = parentOf(audio);
    push(audioByFolder, parent, audio);
    if (discFolderNumber(baseName(parent)) !== undefined && parent !== '') push(audioByFolder, parentOf(parent), audio);
    push(audioBySibling, siblingKey(audio), audio);
  }
  const albumCompanions = new Map<string, CompanionFile[]>();
  const trackCompanions = new Map<string, CompanionFile[]>();
  const unattached: CompanionFile[] = [];
  const folderAudio = new Map<string, string[]>();
  for (const c of companions) {
    const ext = extensionOf(baseName(c.path));
    if (c.role === 'track' || (c.role === 'other' && MAYBE_TRACK_EXTENSIONS.has(ext))) {
      const owners = audioBySibling.get(siblingKey(c.path)) ?? [];
      if (owners.length === 1) push(trackCompanions, owners[0]!, c);
      else unattached.push(c);
      continue;
    }
    if (c.role !== 'album') {
      unattached.push(c);
      continue;
    }
    const folder = ownerFolder(c.path);
    const audio = audioByFolder.get(folder) ?? [];
    const owner = soleRelease(audio, releaseOf);
    if (owner) push(albumCompanions, owner, c);
    else {
      unattached.push(c);
      if (folder !== '' && audio.length > 0) folderAudio.set(c.path, audio);
    }
  }
  const withCompanions = releases.map((r) => {
    const own = albumCompanions.get(r.id);
    return own ? { ...r, companions: [...r.companions, ...own] } : r;
  });
  return { albumCompanions, trackCompanions, unattached, folderAudio, releases: withCompanions };
}

function soleRelease(audio: readonly string[], releaseOf: ReadonlyMap<string, string>): string | undefined {
  const owners = new Set<string>();
  let claimed = 0;
  for (const path of audio) {
    const id = releaseOf.get(path);
    if (id === undefined) continue;
    owners.add(id);
    claimed += 1;
  }
  if (owners.size !== 1 || claimed * 2 < audio.length) return undefined;
  return [...owners][0];
}

