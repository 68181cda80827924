// Checks the scan against what the generator wrote: every audio file's title, artist, album and
// track must come back as written (WMA keeps its fixture's tags, so only its presence counts).
import type { LibraryScan } from '../src/scan/scan-library.ts';
import { librarySpec } from './library-spec.ts';

export interface ScanCheck {
  audioWritten: number;
  found: number;
  tagsMatch: number;
  wmaFixtureTags: number;
  mismatches: { path: string; field: string; want: unknown; got: unknown }[];
}

export function checkScan(scan: LibraryScan, files: number, seed: number): ScanCheck {
  const byPath = new Map(scan.recordings.map((r) => [r.path, r]));
  const check: ScanCheck = { audioWritten: 0, found: 0, tagsMatch: 0, wmaFixtureTags: 0, mismatches: [] };
  for (const f of librarySpec(files, seed)) {
    if (f.kind !== 'audio') continue;
    check.audioWritten++;
    const rec = byPath.get(f.path);
    if (!rec) {
      if (check.mismatches.length < 10) check.mismatches.push({ path: f.path, field: '(file)', want: 'recording', got: 'missing' });
      continue;
    }
    check.found++;
    if (f.format === 'wma') {
      check.wmaFixtureTags++;
      continue;
    }
    // ID3v1 keeps 30 Latin-1 characters per field.
    const cut = (s: string) => (f.format === 'mp3v1' ? [...s.normalize('NFC')].map((c) => (c.charCodeAt(0) < 256 ? c : '\u0000')).join('').slice(0, 30).trimEnd() : s);
    const want: Record<string, unknown> = { title: cut(f.tags.title), artist: cut(f.tags.artist), album: cut(f.tags.album), track: f.tags.track };
    let ok = true;
    for (const [field, value] of Object.entries(want)) {
      const got = rec.tags[field as keyof typeof rec.tags];
      if (got === value || (typeof value === 'string' && value.includes('\u0000'))) continue;
      ok = false;
      if (check.mismatches.length < 10) check.mismatches.push({ path: f.path, field, want: value, got });
    }
    if (ok) check.tagsMatch++;
  }
  return check;
}
