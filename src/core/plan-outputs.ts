// Files a run writes besides moving: the plugins' outputs (playlists…) and the rewrite of the
// user's own playlists whose entries the run moves. Both are made here, when the plan is made,
// from the plan's final paths, so the preview shows every file that will be written and the
// journal carries each as plain text: apply and undo never need a plugin (decision 0017).
import type { FileEntry, LibraryPath, Plan, Release } from './model.ts';
import type { PluginRegistry, OutputFile, OutputInput } from './registry.ts';
import type { PlanSettings, PlanSource } from './plan.ts';
import { pathKey } from './library-path.ts';
import { sanitizeComponent } from './sanitize.ts';
import { rewritePlaylist } from './playlist-text.ts';

/** A user's .m3u/.m3u8 as the scan read it: its text, or why it was not read. */
export interface ExistingPlaylist extends FileEntry {
  /** The bytes as text (UTF-8 read with its BOM kept, so it encodes back byte for byte); absent when not read. */
  text?: string;
  /** Why the text was not read (too big, not UTF-8). */
  unread?: string;
}

/** A file the run writes after its moves. */
export interface PlannedOutput {
  /** 'write': a new file (never over an existing one); 'rewrite': a user's playlist, updated in place. */
  kind: 'write' | 'rewrite';
  /** Where it is written, after the moves (a rewritten playlist that moves is rewritten at its new place). */
  path: LibraryPath;
  text: string;
  /** 'rewrite': the text the file holds before (its original bytes, kept in the journal for undo). */
  before?: string;
  /** Who asked for it: a plugin's name, or "Your playlists". */
  by: string;
}

export interface PlanOutputs {
  outputs: PlannedOutput[];
  /** Outputs left out, and playlists left alone, each with the reason. */
  notes: { path: string; message: string }[];
}

/** Most files one plan may write: a plugin that asks for more is cut short, and told. */
const MAX_OUTPUTS = 20_000;
/** Largest text of one output. */
const MAX_OUTPUT_CHARS = 1024 * 1024;

export const YOUR_PLAYLISTS = 'Your playlists';

/** What a sandboxed plugin's output answered for this plan, already checked (src/core/plugin-outputs.ts). */
export interface AnsweredOutput {
  /** The plugin's name, shown beside each file. */
  by: string;
  files: readonly OutputFile[];
  notes: readonly string[];
}

/**
 * The outputs of `plan`: the user's playlists rewritten (unless `settings.updatePlaylists` is false),
 * then each output switched on in `settings.outputs`, in registry order, then the sandboxed
 * plugins' `answered` outputs, through the same checks.
 */
export function planOutputs(plan: Plan, source: PlanSource, registry: PluginRegistry, settings: Pick<PlanSettings, 'outputs' | 'updatePlaylists'>, answered: readonly AnsweredOutput[] = []): PlanOutputs {
  const enabled = settings.outputs ?? {};
  // Nothing to write and no playlist to follow: the common case costs nothing per plan.
  if (!source.playlists?.length && answered.length === 0 && ![...registry.outputs.keys()].some((name) => name in enabled)) return { outputs: [], notes: [] };
  const targets = new Map<string, LibraryPath>();
  for (const op of plan.operations) if (op.kind === 'move') targets.set(op.from, op.to);
  const targetOf = (path: LibraryPath) => targets.get(path);
  const result: PlanOutputs = { outputs: [], notes: [] };
  // What each path holds once the moves are done: a new file may not land on any of them.
  const after = new Map<string, string | undefined>();
  for (const files of [source.recordings, source.unreadable, source.others, source.junk]) for (const f of files) after.set(pathKey(targetOf(f.path) ?? f.path), undefined);

  const excluded = new Set(plan.excluded);
  if (settings.updatePlaylists !== false && targets.size > 0) {
    for (const playlist of source.playlists ?? []) {
      const at = targetOf(playlist.path) ?? playlist.path;
      if (excluded.has(playlist.path)) continue;
      if (playlist.text === undefined) {
        result.notes.push({ path: playlist.path, message: `Left as it is: ${playlist.unread ?? 'it could not be read'}.` });
        continue;
      }
      const rewrite = rewritePlaylist(playlist.text, playlist.path, at, targetOf);
      after.set(pathKey(at), rewrite?.text ?? playlist.text);
      if (rewrite) result.outputs.push({ kind: 'rewrite', path: at, text: rewrite.text, before: playlist.text, by: YOUR_PLAYLISTS });
    }
  } else {
    for (const playlist of source.playlists ?? []) if (playlist.text !== undefined) after.set(pathKey(targetOf(playlist.path) ?? playlist.path), playlist.text);
  }

  const made: AnsweredOutput[] = [];
  for (const [name, maker] of registry.outputs) {
    if (!(name in enabled)) continue;
    try {
      const { files, notes = [] } = maker.make(outputInput(plan, registry.fields, maker.reads, enabled[name]));
      made.push({ by: maker.plugin, files, notes });
    } catch (e) {
      result.notes.push({ path: '', message: `${maker.plugin} wrote nothing: ${(e as Error)?.message ?? String(e)}` });
    }
  }
  for (const output of [...made, ...answered]) {
    for (const note of output.notes) result.notes.push({ path: '', message: `${output.by}: ${note}` });
    for (const file of output.files) {
      if (result.outputs.length >= MAX_OUTPUTS) {
        result.notes.push({ path: '', message: `${output.by} asked for more than ${MAX_OUTPUTS.toLocaleString('en')} files; the rest are left out.` });
        break;
      }
      const path = portablePath(file.path);
      if (path === undefined || typeof file.text !== 'string' || file.text.length > MAX_OUTPUT_CHARS) {
        result.notes.push({ path: String(file.path).slice(0, 200), message: `${output.by} asked for a file with a path or text the app cannot write; it is left out.` });
        continue;
      }
      const key = pathKey(path);
      if (after.has(key)) {
        // The same text already there (written by an earlier run) is no news; anything else is never overwritten.
        if (after.get(key) !== file.text) result.notes.push({ path, message: 'A file of that name is already there; it was left alone and nothing is written over it.' });
        continue;
      }
      after.set(key, file.text);
      result.outputs.push({ kind: 'write', path, text: file.text, by: output.by });
    }
  }
  return result;
}

/** A path as every platform accepts it, or undefined when it climbs or is empty. */
function portablePath(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '' || path.length > 1000) return undefined;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return parts.map((p) => sanitizeComponent(p)).join('/');
}

/**
 * The releases as an output sees them: final paths, and only the fields it reads (by `getters`).
 * Plain data, so a sandboxed plugin can be sent it as it is.
 */
export function outputInput(plan: Plan, getters: PluginRegistry['fields'], reads: readonly string[], options: unknown): OutputInput {
  const targets = new Map<string, LibraryPath>();
  for (const op of plan.operations) if (op.kind === 'move') targets.set(op.from, op.to);
  const targetOf = (path: LibraryPath) => targets.get(path);
  const wanted = reads.flatMap((name) => {
    const get = getters.get(name);
    return get ? [[name, get] as const] : [];
  });
  const fieldsOf = (release: Release, recording: Release['recordings'][number]) =>
    Object.fromEntries(wanted.map(([name, get]) => [name, get({ recording, release }) ?? '']));
  return {
    releases: plan.releases
      .filter((r) => !r.review?.excluded && r.recordings.length > 0)
      .map((release) => ({
        id: release.id,
        fields: fieldsOf(release, release.recordings[0]!),
        tracks: release.recordings.map((recording) => ({
          path: targetOf(recording.path) ?? recording.path,
          ...(recording.audio.duration !== undefined ? { seconds: recording.audio.duration } : {}),
          fields: fieldsOf(release, recording),
        })),
      })),
    options: structuredClone(options ?? {}),
  };
}
