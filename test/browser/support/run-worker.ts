// Runs an apply in a worker, so that a test can end it the way a closed tab does: terminate() stops
// it mid-step, with no chance to clean up or to write the journal.
import { openOrganizerDb } from '../../../src/db/schema.ts';
import { startRun, type NewRun } from '../../../src/apply/runs.ts';

self.onmessage = async ({ data }: MessageEvent<{ db: string; root: FileSystemDirectoryHandle; plan: NewRun }>) => {
  const db = await openOrganizerDb(data.db);
  try {
    await startRun({ root: data.root, db, onProgress: (p) => self.postMessage({ done: p.done }) }, data.plan);
    self.postMessage({ finished: true });
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
