// The exported sh script against the in-browser apply, on the same library: the fixture library
// plus tracks whose plan needs a swap, a rotation, a case-only rename, and hostile names. The page
// scans and plans it in OPFS with the real workers, exports the script, and applies the plan
// itself; Node (a server command) runs the script with /bin/sh on a copy of the same library on
// disk and then its undo script. Both trees must match path for path and byte for byte, and the
// undo must give back the original exactly.
import { beforeAll, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { defaultPlanSettings, planLibrary, type PlanSettings } from '../../src/core/plan.ts';
import { journalSteps } from '../../src/core/steps.ts';
import { shScript } from '../../src/core/plan-script-sh.ts';
import { startRun } from '../../src/apply/runs.ts';
import { createRegistry } from '../../plugins/index.ts';
import { freshFolder, writeFile } from './support/opfs.ts';
import { fixtureBytes, hashTree, scanFolder } from './support/pipeline.ts';
import { mpegFrames, taggedMp3 } from './support/id3.ts';
import type { ScriptOnFixtureLibrary, ScriptOnFixtureLibraryResult } from '../support/script-command-types.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    runScriptOnFixtureLibrary: (input: ScriptOnFixtureLibrary) => Promise<ScriptOnFixtureLibraryResult>;
    readFixtureLibrary: () => Promise<{ path: string; base64: string }[]>;
  }
}

let db: OrganizerDb;
let extras: { path: string; blob: Blob }[];
let fixtureLibrary: { path: string; base64: string }[];
const registry = createRegistry();

beforeAll(async () => {
  await deleteDB('plan-script-test');
  db = await openOrganizerDb('plan-script-test');
  // Read from disk by Node: the dev server does not serve hidden files like .DS_Store as they are.
  fixtureLibrary = await commands.readFixtureLibrary();
  const frames = mpegFrames(await fixtureBytes('mp3-id3v23.mp3'));
  const mp3 = (artist: string, album: string, track: number, title: string) =>
    taggedMp3(frames, { TPE1: artist, TPE2: artist, TALB: album, TYER: '2020', TRCK: String(track), TIT2: title });
  extras = [
    // A swap: each file has the other's name.
    { path: 'Swap Band/Swapped (2020)/01 One.mp3', blob: mp3('Swap Band', 'Swapped', 2, 'Two') },
    { path: 'Swap Band/Swapped (2020)/02 Two.mp3', blob: mp3('Swap Band', 'Swapped', 1, 'One') },
    // A rotation of three.
    { path: 'Rota/Turn (2020)/01 A.mp3', blob: mp3('Rota', 'Turn', 2, 'B') },
    { path: 'Rota/Turn (2020)/02 B.mp3', blob: mp3('Rota', 'Turn', 3, 'C') },
    { path: 'Rota/Turn (2020)/03 C.mp3', blob: mp3('Rota', 'Turn', 1, 'A') },
    // A rename that changes only letter case.
    { path: 'Case Band/Quiet (2020)/01 dawn chorus.mp3', blob: mp3('Case Band', 'Quiet', 1, 'Dawn Chorus') },
    // Names that break naive quoting, in the sources and (through the tags) in the targets.
    { path: "Unsorted/it's $HOME `id` \"q\".mp3", blob: mp3('-Dash $Band', "Back`tick's $(Album)", 1, "It's $HOME `id`") },
    { path: 'Unsorted/-rf --force.mp3', blob: mp3('-Dash $Band', "Back`tick's $(Album)", 2, '-rf --force') },
    { path: 'Unsorted/What?*[1] <a|b>.mp3', blob: mp3('-Dash $Band', "Back`tick's $(Album)", 3, 'What?*[1]') },
    { path: 'Unsorted/Café 日本 ’q’.mp3', blob: mp3('-Dash $Band', "Back`tick's $(Album)", 4, 'Café 日本 ’q’') },
    { path: 'Unsorted/new\nline.mp3', blob: mp3('-Dash $Band', "Back`tick's $(Album)", 5, 'New\nLine') },
  ];
});

async function libraryInOpfs(): Promise<FileSystemDirectoryHandle> {
  const root = await freshFolder('script');
  for (const { path, base64 } of fixtureLibrary) await writeFile(root, path, Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  for (const { path, blob } of extras) await writeFile(root, path, blob);
  return root;
}

async function foldersIn(root: FileSystemDirectoryHandle): Promise<string[]> {
  const folders: string[] = [];
  const visit = async (dir: FileSystemDirectoryHandle, prefix: string) => {
    for await (const entry of dir.values()) {
      if (entry.kind !== 'directory') continue;
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      folders.push(path);
      await visit(entry as FileSystemDirectoryHandle, path);
    }
  };
  await visit(root, '');
  return folders.sort();
}

async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

describe('the exported sh script gives the tree the in-browser apply gives', () => {
  const cases: [string, Partial<PlanSettings>][] = [
    ['with the default settings', {}],
    ['with clutter deleted and untagged files left alone', { junk: 'delete', untagged: 'leave' }],
  ];
  for (const [label, settings] of cases) {
    test(label, async () => {
      const root = await libraryInOpfs();
      const original = { files: await hashTree(root), folders: await foldersIn(root) };
      const scan = await scanFolder(root, db, `script-${label}`);
      const plan = planLibrary(scan, { ...defaultPlanSettings(), ...settings }, registry);
      // As the planner worker schedules them for Apply, and for the export.
      const { steps, refused } = journalSteps(plan, scan.handles.keys());
      expect(refused).toEqual([]);
      const moves = steps.filter((s) => s.kind === 'move');
      // One file of each cycle is parked under a temporary name: the swap, the rotation, the case-only rename.
      expect(moves.filter((s) => s.temporary).map((s) => s.from.slice(0, s.from.lastIndexOf('/'))).sort()).toEqual([
        'Case Band/Quiet (2020)',
        'Rota/Turn (2020)',
        'Swap Band/Swapped (2020)',
      ]);
      for (const { path } of extras.filter((e) => e.path.startsWith('Unsorted/'))) expect(moves.some((m) => m.from === path), path).toBe(true);
      if (settings.junk === 'delete') expect(steps.some((s) => s.kind === 'delete-junk')).toBe(true);

      const script = shScript(steps, { libraryName: root.name, madeAt: new Date() });
      const onDisk = await commands.runScriptOnFixtureLibrary({
        script,
        extras: await Promise.all(extras.map(async (e) => ({ path: e.path, base64: await base64(e.blob) }))),
      });
      // The same library on both sides.
      expect(onDisk.original).toEqual(original);

      const { summary } = await startRun({ root, db, handles: scan.handles }, { library: `script-${label}`, libraryName: root.name, template: 'default', steps });
      expect(summary.skipped).toEqual([]);
      const applied = { files: await hashTree(root), folders: await foldersIn(root) };
      expect(applied).not.toEqual(original);

      expect(onDisk.organize.stderr).toBe('');
      expect(onDisk.organize.status).toBe(0);
      expect(onDisk.organized).toEqual(applied);

      expect(onDisk.undo.stderr).toBe('');
      expect(onDisk.undo.status).toBe(0);
      // Deleted clutter cannot come back; everything else is where it was, byte for byte.
      const deleted = steps.filter((s) => s.kind === 'delete-junk').map((s) => s.from);
      const expected = { files: { ...original.files }, folders: original.folders };
      for (const path of deleted) delete expected.files[path];
      expect(onDisk.restored).toEqual(expected);
    });
  }
});
