// What the script commands exchange with the browser tests: plain data, no Node types, so the
// browser project's type check can read it.

export interface DiskTree {
  /** Library path → SHA-256 of the bytes. */
  files: Record<string, string>;
  /** Every folder below the root, sorted. */
  folders: string[];
}

export interface ShRun {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface ScriptOnFixtureLibrary {
  /** The organize script as the app exports it. */
  script: string;
  /** Files the test added to the library in the browser, beside the committed fixture library. */
  extras: { path: string; base64: string }[];
}

export interface ScriptOnFixtureLibraryResult {
  original: DiskTree;
  organized: DiskTree;
  restored: DiskTree;
  organize: ShRun;
  undo: ShRun;
}
