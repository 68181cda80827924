// The host's network for plugins against a local stand-in for musicbrainz.org (test/support/
// musicbrainz-server.ts), in real Chromium: a 503 without CORS headers (seen by the page only as a
// network error) is backed off and retried, a Retry-After is waited out, requests to one host are
// one per second whichever sandbox asks, a slow answer does not count against the plugin's time
// budget, and a host that never answered fails at once. Gaps are only checked from below.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { deleteDB } from 'idb';
import code from '../../plugins/musicbrainz/musicbrainz.js?raw';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { PluginNetwork } from '../../src/plugin-host/network.ts';
import { PluginSandbox } from '../../src/plugin-host/sandbox.ts';
import type { PluginManifest } from '../../src/core/plugin-manifest.ts';
import type { EnricherInput, Enrichment } from '../../src/core/enrichment.ts';
import type { Trouble } from '../support/musicbrainz-server.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    musicBrainzStart: () => Promise<number>;
    musicBrainzTrouble: (troubles: Trouble[]) => Promise<void>;
    musicBrainzLog: () => Promise<{ path: string; at: number; answered: number | 'slow' }[]>;
    musicBrainzStop: () => Promise<void>;
  }
}

const EP = 'd8f6d2b8-7a3a-4a2f-9e65-6d8d1c3e9a01';
const KIND_OF_BLUE = '8a5f3b2e-1c4d-4e6f-9a0b-c1d2e3f4a5b6';
let db: OrganizerDb;
let port: number;
let manifest: PluginManifest;
const base = () => `http://127.0.0.1:${port}`;
const release = (id: string) => `${base()}/ws/2/release/${id}?inc=recordings+artist-credits+release-groups&fmt=json`;
const gaps = (log: { at: number }[]) => log.slice(1).map((e, i) => e.at - log[i]!.at);

beforeAll(async () => {
  await deleteDB('musicbrainz-network');
  db = await openOrganizerDb('musicbrainz-network');
});
afterAll(() => db.close());
beforeEach(async () => {
  port = await commands.musicBrainzStart();
  manifest = {
    id: 'musicbrainz', name: 'MusicBrainz', version: 'test', apiVersion: 1, module: 'musicbrainz.js',
    contributes: { enrichers: ['musicbrainz'] }, reads: ['albumartist', 'album', 'year', 'mb_albumid'],
    hosts: [{ host: `127.0.0.1:${port}`, why: 'recorded answers' }],
  };
  await db.clear('pluginResponses');
});
afterEach(() => commands.musicBrainzStop());

describe('backing off', () => {
  test('a 503 without CORS headers, from a host that answered before, is backed off and retried', async () => {
    const network = new PluginNetwork(db, { interval: 100 });
    await network.fetchJson(manifest, release(EP));
    await commands.musicBrainzTrouble([{ kind: '503-no-cors' }]);
    const body = (await network.fetchJson(manifest, release(KIND_OF_BLUE))) as { title: string };
    expect(body.title).toBe('Kind of Blue');
    const log = await commands.musicBrainzLog();
    expect(log.map((e) => e.answered)).toEqual([200, 503, 200]);
    // The retry waited the first back-off (1 s), not the 100 ms interval.
    expect(gaps(log)[1]).toBeGreaterThanOrEqual(950);
  });

  test('503 with Retry-After: 2 waits 2 s; three 503s in a row give up with a plain message', async () => {
    const network = new PluginNetwork(db, { interval: 100, backoff: 200, retries: 2 });
    await commands.musicBrainzTrouble([{ kind: '503', retryAfter: '2' }]);
    await network.fetchJson(manifest, release(EP));
    const log = await commands.musicBrainzLog();
    expect(log.map((e) => e.answered)).toEqual([503, 200]);
    expect(gaps(log)[0]).toBeGreaterThanOrEqual(1950);

    await commands.musicBrainzTrouble([{ kind: '503' }, { kind: '503' }, { kind: '503' }]);
    const failed = await network.fetchJson(manifest, release(KIND_OF_BLUE)).catch((e: unknown) => e as Error);
    expect((failed as Error).message).toBe(`127.0.0.1:${port} is busy (it answered 503 3 times)`);
    // Backed off 200 ms, then 400 ms.
    const more = gaps((await commands.musicBrainzLog()).slice(2));
    expect(more[0]).toBeGreaterThanOrEqual(190);
    expect(more[1]).toBeGreaterThanOrEqual(390);
  });

  test('a host that never answered is not retried: "could not be reached" at once', async () => {
    await commands.musicBrainzStop();
    const network = new PluginNetwork(db);
    const failed = await network.fetchJson(manifest, release(EP)).catch((e: unknown) => e as Error);
    expect((failed as Error).message).toBe(`127.0.0.1:${port} could not be reached`);
  });

  test('answers are kept: asked again, no request leaves', async () => {
    const network = new PluginNetwork(db, { interval: 100 });
    await network.fetchJson(manifest, release(EP));
    await new PluginNetwork(db).fetchJson(manifest, release(EP));
    expect(await commands.musicBrainzLog()).toHaveLength(1);
  });
});

describe('the MusicBrainz plugin in its sandbox', () => {
  const ideal: EnricherInput = {
    fields: { albumartist: 'Joy Division', album: 'An Ideal for Living', year: '1978', mb_albumid: '' },
    tracks: ['Warsaw', 'No Love Lost', 'Leaders of Men', 'Failures'].map((title, i) => ({ disc: null, track: i + 1, title, length: null })),
  };
  const blue: EnricherInput = {
    fields: { albumartist: 'Miles Davis', album: 'Kind of Blue', year: '1959', mb_albumid: KIND_OF_BLUE },
    tracks: [{ disc: null, track: 1, title: 'So What', length: null }],
  };

  test('two sandboxes share one limiter: requests to the host are a second apart', async () => {
    const network = new PluginNetwork(db);
    const options = () => ({ hosts: manifest.hosts!.map((h) => h.host), fetchJson: (url: string) => network.fetchJson(manifest, url) });
    const [a, b] = await Promise.all([PluginSandbox.start('MusicBrainz', code, options()), PluginSandbox.start('MusicBrainz copy', code, options())]);
    try {
      const [x, y] = await Promise.all([a.enrich('musicbrainz', [ideal]), b.enrich('musicbrainz', [blue])]);
      expect((x[0] as Enrichment).release?.mb_albumid).toBe(EP);
      expect((y[0] as Enrichment).release?.originalyear).toBe('1959');
      const log = await commands.musicBrainzLog();
      expect(log).toHaveLength(3);
      for (const gap of gaps(log)) expect(gap).toBeGreaterThanOrEqual(950);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  test('a slow answer (2.5 s) is the host\'s time, not the plugin\'s: a 1 s budget still gets the answer', async () => {
    const network = new PluginNetwork(db, { interval: 100 });
    const sandbox = await PluginSandbox.start('MusicBrainz', code, { callBudget: 1000, hosts: manifest.hosts!.map((h) => h.host), fetchJson: (url) => network.fetchJson(manifest, url) });
    try {
      await commands.musicBrainzTrouble([{ kind: 'slow', ms: 2500 }]);
      const [answer] = await sandbox.enrich('musicbrainz', [blue]);
      expect(answer).toMatchObject({ score: 0.9, release: { mb_albumid: KIND_OF_BLUE } });
      expect(sandbox.stopped).toBe(false);
    } finally {
      sandbox.dispose();
    }
  });

  test('with the server gone, the plugin answers a problem in plain words and stays on', async () => {
    await commands.musicBrainzStop();
    const network = new PluginNetwork(db);
    const sandbox = await PluginSandbox.start('MusicBrainz', code, { hosts: manifest.hosts!.map((h) => h.host), fetchJson: (url) => network.fetchJson(manifest, url) });
    try {
      const [answer] = await sandbox.enrich('musicbrainz', [ideal]);
      expect(answer).toEqual({ problem: `MusicBrainz could not be asked (127.0.0.1:${port} could not be reached); nothing was changed` });
      expect(sandbox.stopped).toBe(false);
    } finally {
      sandbox.dispose();
    }
  });
});
