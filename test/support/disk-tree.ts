// Real folders on disk for the exported scripts to run on (Node side: unit tests, the browser
// project's server commands, end-to-end tests): write a tree, read it back as hashes, run sh.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiskTree, ShRun } from './script-command-types.ts';

export type { DiskTree, ShRun };

export function writeDiskTree(root: string, files: { path: string; bytes: Uint8Array }[]): void {
  mkdirSync(root, { recursive: true });
  for (const f of files) {
    const parts = f.path.split('/');
    mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
    writeFileSync(join(root, ...parts), f.bytes, { flag: 'wx' });
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every file (hidden ones too) by library path with its hash, and every folder. */
export function readDiskTree(root: string): DiskTree {
  const files: [string, string][] = [];
  const folders: string[] = [];
  const visit = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        folders.push(path);
        visit(join(dir, entry.name), path);
      } else {
        files.push([path, sha256(readFileSync(join(dir, entry.name)))]);
      }
    }
  };
  visit(root, '');
  return { files: Object.fromEntries(files.sort(([a], [b]) => (a < b ? -1 : 1))), folders: folders.sort() };
}

/**
 * Runs a script file as a user would: `sh script.sh /path/to/Music`, with Debian's /bin/sh (dash),
 * or the shell in MO_TEST_SHELL (e.g. /bin/bash, to try the scripts with another shell).
 */
export function runSh(script: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): ShRun {
  const run = spawnSync(process.env.MO_TEST_SHELL ?? '/bin/sh', [script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}
