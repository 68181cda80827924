// The user's choices while reviewing a library's plan, kept per library so that a rescan, a
// reload or the next visit plans with them (src/core/review-choices.ts says what they are).
import type { OrganizerDb, StoredChoice } from './schema.ts';
import { choiceKey, type ReviewChoice } from '../core/review-choices.ts';

const ofLibrary = (library: string) => IDBKeyRange.bound([library, ''], [library, '\uffff']);

export async function loadChoices(db: OrganizerDb, library: string): Promise<ReviewChoice[]> {
  return (await db.getAll('reviewChoices', ofLibrary(library))).map(({ library: _library, key: _key, ...choice }) => choice as ReviewChoice);
}

/**
 * Stores `choice`, and in the same transaction forgets `replaced`: the choices it overrides (for
 * "Keep this copy instead", those naming the other copies of its group), so the store never holds
 * two answers to one question.
 */
export async function saveChoice(db: OrganizerDb, library: string, choice: ReviewChoice, replaced: readonly ReviewChoice[] = []): Promise<void> {
  const tx = db.transaction('reviewChoices', 'readwrite');
  const key = choiceKey(choice);
  for (const old of replaced) if (choiceKey(old) !== key) void tx.store.delete([library, choiceKey(old)]);
  void tx.store.put({ ...choice, library, key });
  await tx.done;
}

/**
 * Forgets the choices under `forget` (Revert, Include, the choices an edit replaces) and stores
 * `choices` (each replacing the choice under its key), all in one transaction: all or nothing.
 */
export async function updateChoices(db: OrganizerDb, library: string, choices: readonly ReviewChoice[], forget: readonly string[] = []): Promise<void> {
  const tx = db.transaction('reviewChoices', 'readwrite');
  const requests: Promise<unknown>[] = [tx.done];
  try {
    for (const key of forget) requests.push(tx.store.delete([library, key]));
    for (const choice of choices) requests.push(tx.store.put({ ...choice, library, key: choiceKey(choice) }));
    await Promise.all(requests);
  } catch (e) {
    // A value the store cannot hold throws before its request exists, and the transaction would
    // still commit the requests made before it: abort them, so nothing changes.
    for (const r of requests) r.catch(() => {});
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    throw e;
  }
}
