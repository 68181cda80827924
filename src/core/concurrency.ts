// Bounded concurrency for async work: a few calls in flight so that browser round trips overlap,
// never thousands at once.

/** Like Promise.all over `fn`, with at most `limit` calls pending; results keep the input order. */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
