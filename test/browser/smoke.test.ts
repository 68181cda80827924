import { test, expect } from 'vitest';
test('opfs', async () => {
  const root = await navigator.storage.getDirectory();
  const f = await root.getFileHandle('x.txt', { create: true });
  expect(typeof (f as any).move).toBe('function');
});
