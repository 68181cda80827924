// Right after a file is written, Chromium can refuse to move it for a moment ("A FileSystemHandle
// cannot be moved while it is locked"): a few retries with a short backoff get past it.

export async function withLockRetry(move: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await move();
    } catch (e) {
      const name = (e as { name?: string })?.name;
      if (attempt >= 4 || name !== 'NoModificationAllowedError' || !/lock/i.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
  }
}
