// A plugin's only way to the network: it asks, and the app fetches JSON from its own origin, from a
// host the plugin's manifest declares, at most one request per host per interval, waiting out a
// Retry-After, and keeping every answer in IndexedDB so the plugin works the same offline.
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
}

export class PluginNetwork {
  /** When each host may next be asked, shared by every plugin. */
  private readonly next = new Map<string, number>();
  private readonly queue = new Map<string, Promise<unknown>>();

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

  private async request(url: URL, retried = false): Promise<unknown> {
    const wait = (this.next.get(url.host) ?? 0) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.next.set(url.host, Date.now() + (this.options.interval ?? 1000));
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'omit', redirect: 'error', headers: { Accept: 'application/json' } });
    } catch {
      throw new PluginNetworkError(`${url.host} could not be reached`);
    }
    if ((response.status === 429 || response.status === 503) && !retried) {
      const after = Number(response.headers.get('Retry-After'));
      const ms = Number.isFinite(after) && after > 0 ? after * 1000 : this.options.interval ?? 1000;
      if (ms > MAX_RETRY_WAIT) throw new PluginNetworkError(`${url.host} asks to wait ${Math.round(ms / 1000)} s`);
      this.next.set(url.host, Date.now() + ms);
      return this.request(url, true);
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
}
