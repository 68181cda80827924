// A plugin's only way to the network: it asks, and the app fetches JSON from its own origin, from a
// host the plugin's manifest declares, at most one request per host per interval (one limiter per
// host for the whole app, whichever sandbox asks), backing off on 429/503 and waiting out a
// Retry-After, and keeping every answer in IndexedDB so the plugin works the same offline.
//
// A 503 may come without CORS headers (MusicBrainz's rate limiter answers before its API does);
// the page then sees only a TypeError network error. So a network error from a host that answered
// before in this session is taken for a possible 503 and backed off like one; from a host that
// never answered it is "could not be reached" at once (offline, or no such server).
import type { PluginManifest } from '../core/plugin-manifest.ts';
import type { OrganizerDb } from '../db/schema.ts';

const MAX_RESPONSE_BYTES = 1024 * 1024;
/** The longest Retry-After the app waits out; past it the request fails and says so. */
const MAX_RETRY_WAIT = 30_000;

class PluginNetworkError extends Error {
  override name = 'PluginNetworkError';
}

export interface NetworkOptions {
  /** Least time between two requests to one host (ms): MusicBrainz asks for one per second. */
  interval?: number;
  /** The first back-off after a 503 or a network error (ms); it doubles for each retry. */
  backoff?: number;
  /** Retries after the first try. */
  retries?: number;
  /** How long one request may take before it counts as failed (ms). */
  timeout?: number;
}

const DEFAULT_BACKOFF = 1000;
const DEFAULT_RETRIES = 3;
const DEFAULT_TIMEOUT = 20_000;

export class PluginNetwork {
  /** When each host may next be asked, shared by every plugin. */
  private readonly next = new Map<string, number>();
  private readonly queue = new Map<string, Promise<unknown>>();
  /** Hosts that answered in this session: a network error from one of them may be a 503 without CORS headers. */
  private readonly answered = new Set<string>();

  constructor(
    private readonly db: OrganizerDb,
    private readonly options: NetworkOptions = {},
  ) {}

  /** The JSON at `url`, for `manifest`'s plugin: from the cache, or fetched if the host is declared. */
  async fetchJson(manifest: PluginManifest, url: string): Promise<unknown> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new PluginNetworkError(`"${url.slice(0, 100)}" is not a URL`);
    }
    const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
    if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:')) throw new PluginNetworkError(`${parsed.protocol} is not allowed; only https`);
    if (parsed.username || parsed.password) throw new PluginNetworkError('URLs with credentials are not allowed');
    if (!(manifest.hosts ?? []).some((h) => h.host === parsed.host)) throw new PluginNetworkError(`${parsed.host} is not among the hosts it declared`);
    const key = parsed.href;
    const cached = await this.db.get('pluginResponses', key);
    if (cached) return cached.body;
    if (!navigator.onLine) throw new PluginNetworkError(`the app is offline and has no saved answer from ${parsed.host}`);
    // One request at a time per host, spaced by the interval.
    const before = this.queue.get(parsed.host) ?? Promise.resolve();
    const turn = before.catch(() => undefined).then(() => this.request(parsed));
    this.queue.set(parsed.host, turn);
    const body = await turn;
    await this.db.put('pluginResponses', { url: key, body, storedAt: Date.now() });
    return body;
  }

  private async request(url: URL, attempt = 0): Promise<unknown> {
    const wait = (this.next.get(url.host) ?? 0) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.next.set(url.host, Date.now() + (this.options.interval ?? 1000));
    const retries = this.options.retries ?? DEFAULT_RETRIES;
    const backoff = (this.options.backoff ?? DEFAULT_BACKOFF) * 2 ** attempt;
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'omit', redirect: 'error', headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeout ?? DEFAULT_TIMEOUT) });
    } catch (e) {
      const late = e instanceof DOMException && e.name === 'TimeoutError';
      if ((late || this.answered.has(url.host)) && attempt < retries && navigator.onLine) return this.retry(url, attempt, backoff);
      throw new PluginNetworkError(late ? `${url.host} did not answer in time` : `${url.host} could not be reached`);
    }
    this.answered.add(url.host);
    if (response.status === 429 || response.status === 503) {
      const after = retryAfter(response.headers.get('Retry-After'));
      if (after !== undefined && after > MAX_RETRY_WAIT) throw new PluginNetworkError(`${url.host} asks to wait ${Math.round(after / 1000)} s`);
      if (attempt >= retries) throw new PluginNetworkError(`${url.host} is busy (it answered ${response.status} ${attempt + 1} times)`);
      return this.retry(url, attempt, Math.max(after ?? 0, backoff));
    }
    if (!response.ok) throw new PluginNetworkError(`${url.host} answered ${response.status}`);
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength > MAX_RESPONSE_BYTES) throw new PluginNetworkError(`${url.host} answered more than 1 MB`);
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    } catch {
      throw new PluginNetworkError(`${url.host} answered something that is not JSON`);
    }
  }

  /** Waits `ms` before the next try; the wait holds every request to that host, not only this one. */
  private retry(url: URL, attempt: number, ms: number): Promise<unknown> {
    this.next.set(url.host, Math.max(this.next.get(url.host) ?? 0, Date.now() + ms));
    return this.request(url, attempt + 1);
  }
}

/** Retry-After in ms: seconds, or an HTTP date; undefined when absent or unreadable. */
function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}
