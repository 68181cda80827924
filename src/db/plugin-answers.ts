// What code plugins answered, kept per (plugin, input) so that a reload asking the same inputs
// starts no sandbox (issue 14, point 3). "Plugin" is the runner's key: the module's SHA-256 and the
// hosts it was given, computed by the app from the stored bytes, never said by the plugin, so new
// bytes never reuse old answers and no plugin can write under another's key. Answers are stored as
// batches, one per question the sandbox answered, so that loading a plugin's 10,000 answers is a
// handful of records. Bounded by age and count (src/core/answer-eviction.ts).
import type { OrganizerDb } from './schema.ts';
import { batchesToEvict } from '../core/answer-eviction.ts';

/**
 * Raised when the checks a plugin's answers pass (src/core/plugin-messages.ts) become stricter:
 * answers kept under older checks are then not read, so every answer used passed today's.
 */
const ANSWER_CHECKS = 1;

export interface StoredAnswers {
  /** The runner's key of the plugin that answered: `${sha256}\u0000${hosts}`. */
  plugin: string;
  storedAt: number;
  /** How many answers: with `storedAt`, in the key, so that eviction reads keys only. */
  size: number;
  /** ANSWER_CHECKS when they were stored. */
  checks: number;
  /** [what was asked (kind, name, input key), the checked answer]. */
  answers: [string, unknown][];
}

type BatchKey = [string, number, number];

let lastStoredAt = 0;

/** Every answer kept for `plugin`, oldest batch first (a newer answer to the same question wins). */
export async function loadAnswers(db: OrganizerDb, plugin: string): Promise<[string, unknown][]> {
  const batches = await db.getAll('pluginAnswers', IDBKeyRange.bound([plugin], [plugin, []]));
  return batches.filter((b) => b.checks === ANSWER_CHECKS).sort((a, b) => a.storedAt - b.storedAt).flatMap((b) => b.answers);
}

/** Keeps a batch of `plugin`'s answers, then drops what is past the limits. */
export async function saveAnswers(db: OrganizerDb, plugin: string, answers: [string, unknown][], now = Date.now()): Promise<void> {
  if (answers.length === 0) return;
  // Two batches of one plugin in the same millisecond must not share a key.
  const storedAt = (lastStoredAt = Math.max(now, lastStoredAt + 1));
  await db.put('pluginAnswers', { plugin, storedAt, size: answers.length, checks: ANSWER_CHECKS, answers });
  const keys = (await db.getAllKeys('pluginAnswers')) as BatchKey[];
  const evict = batchesToEvict(keys.map(([p, at, size]) => ({ plugin: p, storedAt: at, size })), now);
  if (evict.length === 0) return;
  const tx = db.transaction('pluginAnswers', 'readwrite');
  await Promise.all([...evict.map((b) => tx.store.delete([b.plugin, b.storedAt, b.size])), tx.done]);
}

/**
 * Drops every answer of a plugin whose hash is not in `kept` (the hashes installed plugins still
 * hold: current, previous, offered update): called when a plugin is removed.
 */
export async function keepAnswersOf(db: OrganizerDb, kept: ReadonlySet<string>): Promise<void> {
  const keys = (await db.getAllKeys('pluginAnswers')) as BatchKey[];
  const orphans = keys.filter(([plugin]) => !kept.has(plugin.split('\u0000')[0]!));
  if (orphans.length === 0) return;
  const tx = db.transaction('pluginAnswers', 'readwrite');
  await Promise.all([...orphans.map((k) => tx.store.delete(k)), tx.done]);
}
