// The user's review choices as a JSON file: exported to keep or move them, imported back. An
// imported file is untrusted: every choice is rebuilt field by field from what is checked (never
// stored as parsed), and the first thing wrong refuses the whole file with a plain sentence, so a
// hostile or damaged file changes nothing.
import type { ContentType } from './model.ts';
import type { FileIdentity, ReleaseEdit, ReleaseIdentity, ReviewChoice, TagEdit } from './review-choices.ts';
import { TYPE_NAMES } from './release-overrides.ts';
import { libraryPathProblem } from './library-path.ts';

const FORMAT = 'music-organizer/review-choices';
const VERSION = 1;

/** Bounds that no real library reaches and that keep a hostile file from costing much. */
const MAX_CHOICES = 100_000;
const MAX_FILES = 20_000;
const MAX_TEXT = 1000;
const MAX_PATH = 4096;
/** Bigger files are refused before they are read. */
export const MAX_CHOICES_FILE_BYTES = 64 * 1024 * 1024;

export function choicesJson(choices: readonly ReviewChoice[], library: string, exportedAt: Date): string {
  return `${JSON.stringify({ format: FORMAT, version: VERSION, library, exportedAt: exportedAt.toISOString(), choices }, null, 1)}\n`;
}

export type ChoicesFile = { ok: true; choices: ReviewChoice[] } | { ok: false; message: string };

class Invalid extends Error {
  override name = 'InvalidChoicesFile';
}

type Json = Record<string, unknown>;

const fail = (what: string): never => {
  throw new Invalid(what);
};
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const object = (v: unknown, what: string): Json => (isObject(v) ? v : fail(`${what} is not an object`));
const text = (v: unknown, what: string, max = MAX_TEXT): string =>
  typeof v === 'string' && v.length <= max ? v : fail(`${what} must be text of at most ${max} characters`);
const name = (v: unknown, what: string): string => (text(v, what).trim() === '' ? fail(`${what} is empty`) : (v as string));
const whole = (v: unknown, what: string, min: number, max: number): number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : fail(`${what} must be a whole number from ${min} to ${max}`);
const list = (v: unknown, what: string, max: number, min = 1): unknown[] =>
  Array.isArray(v) && v.length >= min && v.length <= max ? v : fail(`${what} must be a list of ${min} to ${max} items`);
const path = (v: unknown, what: string): string => {
  const p = text(v, what, MAX_PATH);
  const problem = libraryPathProblem(p);
  return problem ? fail(`${what}: ${problem}`) : p;
};

function file(v: unknown, what: string): FileIdentity {
  const o = object(v, what);
  const hash = o.hash === undefined ? undefined : text(o.hash, `${what}: the hash`, 128);
  return {
    size: whole(o.size, `${what}: the size`, 0, Number.MAX_SAFE_INTEGER),
    lastModified: whole(o.lastModified, `${what}: the date`, 0, Number.MAX_SAFE_INTEGER),
    ...(hash !== undefined ? { hash } : {}),
    path: path(o.path, `${what}: the path`),
  };
}

const files = (v: unknown, what: string): FileIdentity[] => list(v, what, MAX_FILES).map((f, i) => file(f, `${what}, file ${i + 1}`));

function release(v: unknown, what: string): ReleaseIdentity {
  const o = object(v, what);
  return { files: files(o.files, `${what}: its files`), title: text(o.title, `${what}: its title`) };
}

const TYPES = new Set(Object.keys(TYPE_NAMES));

function releaseEdit(v: unknown, what: string): ReleaseEdit {
  const o = object(v, what);
  const set: ReleaseEdit = {};
  if (o.albumartist !== undefined) set.albumartist = name(o.albumartist, `${what}: the album artist`);
  if (o.album !== undefined) set.album = name(o.album, `${what}: the album`);
  if (o.year !== undefined) set.year = o.year === null ? null : whole(o.year, `${what}: the year`, 1, 9999);
  if (o.type !== undefined) set.type = typeof o.type === 'string' && TYPES.has(o.type) ? (o.type as ContentType) : fail(`${what}: "${String(o.type).slice(0, 40)}" is not a release type`);
  if (o.compilation !== undefined) set.compilation = typeof o.compilation === 'boolean' ? o.compilation : fail(`${what}: compilation must be true or false`);
  return Object.keys(set).length > 0 ? set : fail(`${what} changes nothing`);
}

function tagEdit(v: unknown, what: string): TagEdit {
  const o = object(v, what);
  const set: TagEdit = {};
  for (const key of ['title', 'artist', 'albumartist', 'album'] as const) if (o[key] !== undefined) set[key] = text(o[key], `${what}: ${key}`);
  if (o.track !== undefined) set.track = whole(o.track, `${what}: the track`, 0, 9999);
  if (o.disc !== undefined) set.disc = whole(o.disc, `${what}: the disc`, 0, 999);
  if (o.year !== undefined) set.year = whole(o.year, `${what}: the year`, 1, 9999);
  if (o.originalyear !== undefined) set.originalyear = whole(o.originalyear, `${what}: the original year`, 1, 9999);
  for (const key of ['mb_trackid', 'mb_albumid', 'mb_albumartistid', 'mb_releasegroupid'] as const) {
    if (o[key] !== undefined) set[key] = typeof o[key] === 'string' && MBID.test(o[key]) ? o[key] : fail(`${what}: ${key} is not a MusicBrainz id`);
  }
  return Object.keys(set).length > 0 ? set : fail(`${what} changes nothing`);
}

const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function choice(v: unknown, what: string): ReviewChoice {
  const o = object(v, what);
  const madeAt = whole(o.madeAt, `${what}: when it was made`, 0, Number.MAX_SAFE_INTEGER);
  switch (o.kind) {
    case 'dismiss-suggestion':
      return { kind: o.kind, madeAt, suggestion: text(o.suggestion, `${what}: the suggestion`), title: text(o.title, `${what}: its title`) };
    case 'keep-copy': return { kind: o.kind, madeAt, copy: file(o.copy, `${what}: the copy`) };
    case 'exclude-file': return { kind: o.kind, madeAt, file: file(o.file, `${what}: the file`) };
    case 'exclude-folder': return { kind: o.kind, madeAt, folder: path(o.folder, `${what}: the folder`) };
    case 'exclude-release': return { kind: o.kind, madeAt, release: release(o.release, `${what}: the release`) };
    case 'edit-release': return { kind: o.kind, madeAt, release: release(o.release, `${what}: the release`), set: releaseEdit(o.set, `${what}: the edit`) };
    case 'merge-releases':
      return { kind: o.kind, madeAt, releases: list(o.releases, `${what}: the releases`, 1000, 2).map((r, i) => release(r, `${what}: release ${i + 1}`)) };
    case 'split-release':
      return {
        kind: o.kind, madeAt, release: release(o.release, `${what}: the release`),
        parts: list(o.parts, `${what}: the parts`, 1000).map((p, i) => {
          const part = object(p, `${what}: part ${i + 1}`);
          return { album: name(part.album, `${what}: part ${i + 1}'s album`), files: files(part.files, `${what}: part ${i + 1}`) };
        }),
      };
    case 'edit-tags':
      return { kind: o.kind, madeAt, files: files(o.files, `${what}: the files`), set: tagEdit(o.set, `${what}: the edit`), label: text(o.label, `${what}: its label`) };
    default:
      return fail(`${what} is of an unknown kind ("${String(o.kind).slice(0, 40)}")`);
  }
}

/** The choices in an exported file, checked; or why the file cannot be imported. */
export function readChoicesFile(content: string): ChoicesFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return { ok: false, message: 'This file is not JSON, so it holds no choices to import. Nothing was changed.' };
  }
  try {
    const o = object(parsed, 'The file');
    if (o.format !== FORMAT) fail('The file is not a Music Organizer choices file');
    if (o.version !== VERSION) fail(`The file is of version ${String(o.version).slice(0, 20)}, and this app reads version ${VERSION}`);
    const choices = list(o.choices, 'Its choices', MAX_CHOICES, 0).map((c, i) => choice(c, `Choice ${i + 1}`));
    return { ok: true, choices };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { ok: false, message: `${e.message}. Nothing was imported.` };
  }
}
