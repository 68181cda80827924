// A stand-in for musicbrainz.org in tests: serves the recorded answers of test/fixtures/musicbrainz/
// by path (`/ws/2/release/<mbid>`; a search gets `search-<album>.json`), with CORS like the real API,
// and the built-in plugin as a shared one whose manifest declares this server (`/plugin/manifest.json`).
// Scripted troubles for the next requests: a 503 without CORS headers (what MusicBrainz's rate
// limiter sends, which a page sees only as a network error), a 503 with Retry-After, a slow answer.
// Used by the browser suite (as commands) and by the end-to-end tests (directly).
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserCommand } from 'vitest/node';

const FIXTURES = fileURLToPath(new URL('../fixtures/musicbrainz/', import.meta.url));
const PLUGIN = fileURLToPath(new URL('../../plugins/musicbrainz/', import.meta.url));

/** What the server does with the next request (one trouble per request, in order). */
export type Trouble = { kind: '503-no-cors' } | { kind: '503'; retryAfter?: string } | { kind: 'slow'; ms: number };

export interface MusicBrainzStub {
  port: number;
  /** Path and time (ms since the server started) of every request, troubled or not. */
  log: { path: string; at: number; answered: number | 'slow' }[];
  troubles: Trouble[];
  close(): Promise<void>;
}

export async function startMusicBrainz(port = 0): Promise<MusicBrainzStub> {
  const started = performance.now();
  const stub: MusicBrainzStub = { port: 0, log: [], troubles: [], close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const trouble = stub.troubles.shift();
    const entry = { path: url.pathname + url.search, at: performance.now() - started, answered: 200 as number | 'slow' };
    stub.log.push(entry);
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' };
    if (trouble?.kind === '503-no-cors') {
      entry.answered = 503;
      response.writeHead(503, { 'Content-Type': 'text/html' }).end('<html><body>Your requests are exceeding the allowable rate limit.</body></html>');
      return;
    }
    if (trouble?.kind === '503') {
      entry.answered = 503;
      response.writeHead(503, { ...cors, 'Content-Type': 'application/json', ...(trouble.retryAfter ? { 'Retry-After': trouble.retryAfter } : {}) }).end('{"error":"busy"}');
      return;
    }
    let body: string;
    try {
      if (url.pathname === '/plugin/manifest.json') {
        // The built-in's manifest, declaring this server instead of musicbrainz.org; the module is the same.
        const manifest = JSON.parse(readFileSync(PLUGIN + 'manifest.json', 'utf8')) as { hosts: { host: string; why: string }[] };
        manifest.hosts = [{ host: `127.0.0.1:${stub.port}`, why: 'recorded MusicBrainz answers for a test' }];
        body = JSON.stringify(manifest);
      } else if (url.pathname === '/plugin/musicbrainz.js') {
        body = readFileSync(PLUGIN + 'musicbrainz.js', 'utf8');
        return void response.writeHead(200, { ...cors, 'Content-Type': 'text/javascript' }).end(body);
      } else if (url.pathname === '/ws/2/release/') {
        // A search: the recorded one for the album in the query, else no result.
        const album = /release:"([^"]*)"/.exec(url.searchParams.get('query') ?? '')?.[1] ?? '';
        const name = `search-${album.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.json`;
        body = readdirSync(FIXTURES).includes(name) ? readFileSync(FIXTURES + name, 'utf8') : '{"count":0,"offset":0,"releases":[]}';
      } else {
        body = readFileSync(`${FIXTURES}release-${url.pathname.split('/').pop()!.replace(/[^0-9a-f-]/g, '')}.json`, 'utf8');
      }
    } catch {
      entry.answered = 404;
      response.writeHead(404, { ...cors, 'Content-Type': 'application/json' }).end('{"error":"Not Found"}');
      return;
    }
    const send = () => response.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(body);
    if (trouble?.kind === 'slow') {
      entry.answered = 'slow';
      setTimeout(send, trouble.ms);
    } else send();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  stub.port = (server.address() as { port: number }).port;
  stub.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return stub;
}

// Browser-suite commands: one stub at a time, driven from the page.
let current: MusicBrainzStub | undefined;
export const musicBrainzStart: BrowserCommand<[]> = async () => {
  await current?.close();
  current = await startMusicBrainz();
  return current.port;
};
export const musicBrainzTrouble: BrowserCommand<[Trouble[]]> = (_ctx, troubles) => {
  current!.troubles.push(...troubles);
};
export const musicBrainzLog: BrowserCommand<[]> = () => current!.log;
export const musicBrainzStop: BrowserCommand<[]> = async () => {
  await current?.close();
  current = undefined;
};
