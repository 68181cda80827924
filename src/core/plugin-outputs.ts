// Outputs of sandboxed code plugins (issue 14, point 2): after a plan is made, a plugin that
// declares `contributes.outputs` is shown the plan's releases (the fields it reads, and where each
// track will be) and answers the files it wants written, `{ files: [{ path, text }], notes? }`.
// The answer is a stranger's: it arrives as JSON text and is checked here whole before any of it
// is used. Anything wrong refuses the whole answer (and the plugin is switched off): a path that
// climbs, is absolute, uses '\' or has a name that some file system refuses, too many or too big
// files, a key like `__proto__`. Accepted files then go through the same door as the built-in
// Playlists' (src/core/plan-outputs.ts): shown in the plan, never written over a taken name.
import type { OutputFile } from './registry.ts';
import { sanitizeComponent } from './sanitize.ts';
import { pathKey } from './library-path.ts';

/** Most files one plugin's answer may ask for. */
export const MAX_OUTPUT_FILES = 1000;
/** Largest text of one file, in characters (UTF-16 code units: 1 MB of ASCII). */
export const MAX_OUTPUT_FILE_CHARS = 1024 * 1024;
/** All the text of one answer, in characters. */
export const MAX_OUTPUT_TOTAL_CHARS = 8 * 1024 * 1024;
/**
 * The answer's JSON as it arrives, in characters: the text, its escaping (a line break is two
 * characters) and the paths. Weighed before it is parsed, so reading it is bounded.
 */
export const MAX_OUTPUT_ANSWER_CHARS = 16 * 1024 * 1024;
/** What a plugin is shown of the plan, as JSON: a bigger library is not sent (the plan says so). */
export const MAX_OUTPUT_INPUT_CHARS = 32 * 1024 * 1024;
const MAX_PATH_CHARS = 1000;
const MAX_NOTES = 20;
const MAX_NOTE_CHARS = 300;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** A plugin's checked answer. */
export interface OutputAnswer {
  files: OutputFile[];
  notes: string[];
}

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Why `path` is no library path a plugin may write to, or undefined when it is one. */
export function outputPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return 'a file without a path';
  const shown = JSON.stringify(path.slice(0, 80));
  if (path.length > MAX_PATH_CHARS) return `a path of ${path.length.toLocaleString('en')} characters`;
  if (path.includes('\\')) return `the path ${shown}, which uses "\\" (paths are "/"-separated)`;
  if (path.startsWith('/') || /^[a-z]:(\/|$)/i.test(path)) return `the absolute path ${shown} (paths are relative to the library)`;
  for (const name of path.split('/')) {
    if (name === '') return `the path ${shown}, which has an empty name in it`;
    if (name === '.' || name === '..') return `the path ${shown}, which climbs out of its folder`;
    // The names every platform accepts are the ones sanitizing leaves as they are (sanitize.ts).
    if (sanitizeComponent(name) !== name) return `the path ${shown}, whose name "${name.slice(0, 60)}" some file systems refuse`;
  }
  return undefined;
}

/** Only own data keys, none of them one that reaches an object's prototype. */
function keysProblem(v: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  for (const key of Reflect.ownKeys(v)) {
    if (typeof key !== 'string' || FORBIDDEN.has(key)) return `it answered the key "${String(key)}"`;
    if (!allowed.includes(key)) return `it answered the unknown key "${key.slice(0, 40)}"`;
  }
  return undefined;
}

/**
 * Reads and checks one answer (`json`, as the sandbox sent it). Returns the files and notes, or
 * the reason it is refused, in plain words ("it asked to write …").
 */
export function checkOutputAnswer(json: string): OutputAnswer | string {
  if (json.length > MAX_OUTPUT_ANSWER_CHARS) return `its answer is larger than ${MAX_OUTPUT_ANSWER_CHARS / 1024 / 1024} MB`;
  let answer: unknown;
  try {
    answer = JSON.parse(json);
  } catch {
    return 'its answer is not JSON';
  }
  if (!isPlain(answer)) return 'it answered something other than { files }';
  const keys = keysProblem(answer, ['files', 'notes']);
  if (keys) return keys;
  const { files, notes = [] } = answer;
  if (!Array.isArray(files)) return 'it answered no list of files';
  if (files.length > MAX_OUTPUT_FILES) return `it asked to write ${files.length.toLocaleString('en')} files (at most ${MAX_OUTPUT_FILES.toLocaleString('en')})`;
  const out: OutputFile[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const file of files as unknown[]) {
    if (!isPlain(file)) return 'it answered a file that is not { path, text }';
    const fileKeys = keysProblem(file, ['path', 'text']);
    if (fileKeys) return fileKeys;
    const pathProblem = outputPathProblem(file.path);
    if (pathProblem) return `it asked to write ${pathProblem}`;
    const path = file.path as string;
    if (typeof file.text !== 'string') return `it answered no text for "${path.slice(0, 80)}"`;
    if (file.text.length > MAX_OUTPUT_FILE_CHARS) return `it asked to write ${file.text.length.toLocaleString('en')} characters to "${path.slice(0, 80)}" (at most 1 MB a file)`;
    total += file.text.length;
    if (total > MAX_OUTPUT_TOTAL_CHARS) return `it asked to write more than ${MAX_OUTPUT_TOTAL_CHARS / 1024 / 1024} MB in all`;
    const key = pathKey(path);
    if (seen.has(key)) return `it asked to write "${path.slice(0, 80)}" twice`;
    seen.add(key);
    out.push({ path, text: file.text });
  }
  if (!Array.isArray(notes) || notes.length > MAX_NOTES || !notes.every((n) => typeof n === 'string' && n.length > 0 && n.length <= MAX_NOTE_CHARS)) {
    return `its notes must be a list of at most ${MAX_NOTES} short texts`;
  }
  return { files: out, notes: notes as string[] };
}
