// Server-side commands for the browser tests (vitest `browser.commands`): the page cannot run a
// shell, so it sends the script it exported and Node runs it with /bin/sh on a real folder.
import type { BrowserCommand } from 'vitest/node';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { readDiskTree, runSh, writeDiskTree } from './disk-tree.ts';
import type { ScriptOnFixtureLibrary, ScriptOnFixtureLibraryResult } from './script-command-types.ts';

/**
 * Copies test/fixtures/library to a fresh folder, adds the extras, runs the organize script on it
 * with /bin/sh, then the undo script it wrote; returns the tree before, between and after.
 */
export const runScriptOnFixtureLibrary: BrowserCommand<[ScriptOnFixtureLibrary]> = (ctx, { script, extras }): ScriptOnFixtureLibraryResult => {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-script-'));
  try {
    const root = join(dir, 'Music');
    cpSync(resolve(ctx.project.config.root, 'test/fixtures/library'), root, { recursive: true });
    writeDiskTree(root, extras.map((e) => ({ path: e.path, bytes: Buffer.from(e.base64, 'base64') })));
    const downloads = join(dir, 'Downloads');
    mkdirSync(downloads);
    writeFileSync(join(downloads, 'organize-Music.sh'), script);
    const original = readDiskTree(root);
    const organize = runSh(join(downloads, 'organize-Music.sh'), [root]);
    const organized = readDiskTree(root);
    const undo = runSh(join(downloads, 'organize-Music.undo.sh'), [root]);
    return { original, organized, restored: readDiskTree(root), organize, undo };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The committed fixture library, every file (hidden ones too) with its bytes, for the page to copy into OPFS. */
export const readFixtureLibrary: BrowserCommand<[]> = (ctx): { path: string; base64: string }[] => {
  const root = resolve(ctx.project.config.root, 'test/fixtures/library');
  const files: { path: string; base64: string }[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else files.push({ path: relative(root, full).split('\\').join('/'), base64: readFileSync(full).toString('base64') });
    }
  };
  visit(root);
  return files;
};
