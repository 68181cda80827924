// The kept plugin answers (src/db/plugin-answers.ts) are a cache, so they are bounded: a batch of
// answers older than MAX_AGE_MS is dropped, and past MAX_ANSWERS in all the oldest batches go
// first. Dropping one only means that plugin is asked those inputs again; nothing else is lost.

/** One stored batch as eviction sees it: whose, when, how many answers. */
export interface AnswerBatch {
  plugin: string;
  storedAt: number;
  size: number;
}

/** 180 days: a library not opened for half a year asks its plugins again. */
export const MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;
/** Five plugins with a field and a classifier on a 50,000-file library stay well under this. */
export const MAX_ANSWERS = 500_000;

export interface EvictionLimits {
  maxAgeMs: number;
  maxAnswers: number;
}

/** The batches to drop so that what stays is young enough and small enough; the newest always stays. */
export function batchesToEvict<B extends AnswerBatch>(batches: readonly B[], now: number, limits: EvictionLimits = { maxAgeMs: MAX_AGE_MS, maxAnswers: MAX_ANSWERS }): B[] {
  const newestFirst = [...batches].sort((a, b) => b.storedAt - a.storedAt);
  const evict: B[] = [];
  let kept = 0;
  let full = false;
  for (const [n, batch] of newestFirst.entries()) {
    // Once the newer batches fill the budget, every older one goes, even a small one.
    full ||= n > 0 && kept + batch.size > limits.maxAnswers;
    if (full || (n > 0 && now - batch.storedAt > limits.maxAgeMs)) evict.push(batch);
    else kept += batch.size;
  }
  return evict;
}
