// One plugin's sandbox: an opaque-origin <iframe sandbox="allow-scripts"> (never allow-same-origin)
// whose own CSP allows only its bootstrap and blob: scripts and has connect-src 'none'; inside it a
// classic blob worker imports the plugin's module. Removing the frame ends the worker, so a plugin
// that hangs, loops or allocates without end is stopped by its time budget. Every message from the
// frame is checked (src/core/plugin-messages.ts); the first bad one, an error, or a missed
// deadline ends the sandbox with a PluginFault in plain words. See docs/decisions/0014-plugin-sandbox.md.
import { checkEnrichments, checkFieldValues, checkVerdicts, MAX_BATCH, MAX_PART_CHARS, readSandboxMessage, type SandboxMessage } from '../core/plugin-messages.ts';
import type { PluginVerdict } from '../core/plugin-results.ts';
import type { EnrichAnswer, EnricherInput } from '../core/enrichment.ts';
import { MAX_OUTPUT_ANSWER_CHARS } from '../core/plugin-outputs.ts';
import { FRAME_SCRIPT, WORKER_SCRIPT } from './sandbox-scripts.ts';

/** A plugin misbehaved or failed; its message says how, in words for the user. */
export class PluginFault extends Error {
  override name = 'PluginFault';
}

export interface SandboxOptions {
  /** How long the module may take to load (ms). */
  loadBudget?: number;
  /** How long one batch may take (ms), network time through the host included. */
  callBudget?: number;
  /** The host's fetch for the plugin (allow-list, rate limit, cache): see network.ts. */
  fetchJson?: (url: string) => Promise<unknown>;
  /** The hosts the manifest declares, lent to the plugin as `context.hosts`. */
  hosts?: readonly string[];
}

/** Releases per enricher batch: each may wait on the network, so batches stay small. */
const ENRICH_BATCH = 20;

const DEFAULT_LOAD_BUDGET = 3000;
const DEFAULT_CALL_BUDGET = 10_000;
/** Messages a plugin may send per batch beyond its answer (its fetch requests). */
const MAX_MESSAGES_PER_CALL = 200;
/** How often a sandbox is asked whether it is there while it works (ms), and after how many unanswered asks it is taken for dead. */
const PING_INTERVAL = 1000;
const UNANSWERED_PINGS = 4;
/** What V8 says when an allocation fails. */
const OUT_OF_MEMORY = /out of memory|allocation failed|invalid (array|string|typed array) length/i;
/** Parts of one output answer: its JSON cut into MAX_PART_CHARS pieces. */
const MAX_PARTS = Math.ceil(MAX_OUTPUT_ANSWER_CHARS / MAX_PART_CHARS);

let bootstrapHash: Promise<string> | undefined;
async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
}

async function frameDocument(): Promise<string> {
  // srcdoc inherits the app's CSP too (the app sets none today); the frame's own is the strict one.
  bootstrapHash ??= sha256Base64(FRAME_SCRIPT);
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${await bootstrapHash}' blob:`,
    'worker-src blob:',
    "connect-src 'none'",
    "img-src 'none'",
    "style-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${FRAME_SCRIPT}</script>`;
}

interface Pending {
  resolve(values: unknown[]): void;
  reject(e: Error): void;
}

export class PluginSandbox {
  private frame: HTMLIFrameElement | null = null;
  private readonly pending = new Map<number, Pending>();
  private calls = 0;
  private messages = 0;
  private fault: PluginFault | null = null;
  private onLoaded: ((m: Extract<SandboxMessage, { type: 'loaded' }>) => void) | null = null;
  private readonly listener = (event: MessageEvent) => this.receive(event);
  /** What the module exports, by kind, once loaded. */
  exports: { fields: string[]; classifiers: string[]; enrichers: string[] } = { fields: [], classifiers: [], enrichers: [] };
  /** Time the current batch spent waiting on the host's network (ms), which its budget does not count. */
  private hostTime = 0;

  private constructor(
    private readonly name: string,
    private readonly options: SandboxOptions,
  ) {}

  /** Loads `code` (the module's text) in a new sandbox; rejects with a PluginFault if it does not load in time. */
  static async start(name: string, code: string, options: SandboxOptions = {}): Promise<PluginSandbox> {
    const sandbox = new PluginSandbox(name, options);
    await sandbox.load(code);
    return sandbox;
  }

  private async load(code: string): Promise<void> {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.title = `Plugin ${this.name}`;
    frame.style.display = 'none';
    frame.srcdoc = await frameDocument();
    this.frame = frame;
    addEventListener('message', this.listener);
    const loaded = new Promise<void>((resolve, reject) => {
      this.onLoaded = (m) => {
        this.exports = { fields: m.fields, classifiers: m.classifiers, enrichers: m.enrichers };
        resolve();
      };
      this.pending.set(0, { resolve: () => resolve(), reject });
    });
    const ready = new Promise<void>((resolve) => (this.onReady = resolve));
    document.body.append(frame);
    await this.within(ready.then(() => {
      this.post({ type: 'start', workerScript: WORKER_SCRIPT, code, hosts: [...(this.options.hosts ?? [])] });
      return loaded;
    }), this.options.loadBudget ?? DEFAULT_LOAD_BUDGET, 'to load');
    this.pending.delete(0);
  }

  private onReady: (() => void) | null = null;

  /** The field `name` for each input: text short enough for a path, or the plugin is switched off. */
  async field(name: string, inputs: readonly Record<string, string>[]): Promise<string[]> {
    return this.checked(checkFieldValues(await this.call('field', name, inputs), inputs.length));
  }

  /** Template function `name` for each argument list: text short enough for a path, or the plugin is switched off. */
  async templateFunction(name: string, argLists: readonly string[][]): Promise<string[]> {
    return this.checked(checkFieldValues(await this.call('function', name, argLists), argLists.length));
  }

  /** The verdict of classifier `name` on each release, or null where it has none. */
  async classify(name: string, inputs: readonly Record<string, string>[]): Promise<(PluginVerdict | null)[]> {
    return this.checked(checkVerdicts(await this.call('classifier', name, inputs), inputs.length));
  }

  /** What enricher `name` proposes for each release: null, a problem, or values checked field by field. */
  async enrich(name: string, inputs: readonly EnricherInput[]): Promise<EnrichAnswer[]> {
    return this.checked(checkEnrichments(await this.call('enricher', name, inputs, ENRICH_BATCH), inputs));
  }

  /**
   * Output `name`'s answer to `input` (the plan as JSON text), as the JSON text it sent, in its
   * parts, unread: each part is weighed as it comes, and the whole is refused past
   * MAX_OUTPUT_ANSWER_CHARS. The planner worker joins, reads and checks it
   * (src/core/plugin-outputs.ts): megabytes joined or cloned in one go are a long task on the page.
   */
  async output(name: string, input: string): Promise<string[]> {
    if (this.fault) throw this.fault;
    const id = ++this.calls;
    this.messages = 0;
    this.hostTime = 0;
    const parts = { texts: [] as string[], chars: 0 };
    this.parts.set(id, parts);
    const answer = new Promise<unknown[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.post({ type: 'call', id, kind: 'output', name, input });
    try {
      await this.within(answer, this.options.callBudget ?? DEFAULT_CALL_BUDGET, 'to answer which files to write');
      return parts.texts;
    } finally {
      this.parts.delete(id);
    }
  }

  /** The parts of the output answers under way, by call id. */
  private readonly parts = new Map<number, { texts: string[]; chars: number }>();

  private part(id: number, text: string): void {
    const parts = this.parts.get(id);
    if (!parts || !this.pending.has(id)) return this.dispose('it answered a question it was not asked');
    parts.chars += text.length;
    if (parts.texts.length >= MAX_PARTS || parts.chars > MAX_OUTPUT_ANSWER_CHARS) return this.dispose(`its answer is larger than ${MAX_OUTPUT_ANSWER_CHARS / 1024 / 1024} MB`);
    parts.texts.push(text);
  }

  private checked<T>(answer: T[] | string): T[] {
    if (typeof answer !== 'string') return answer;
    this.dispose(answer);
    throw this.fault!;
  }

  /** Asks one contribution about a batch of inputs: one raw answer per input, unchecked. */
  private async call(kind: 'field' | 'classifier' | 'function' | 'enricher', name: string, inputs: readonly unknown[], size = MAX_BATCH): Promise<unknown[]> {
    const answers: unknown[] = [];
    for (let start = 0; start < inputs.length; start += size) {
      const batch = inputs.slice(start, start + size);
      if (this.fault) throw this.fault;
      const id = ++this.calls;
      this.messages = 0;
      this.hostTime = 0;
      const answer = new Promise<unknown[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
      this.post({ type: 'call', id, kind, name, inputs: batch });
      for (const a of await this.within(answer, this.options.callBudget ?? DEFAULT_CALL_BUDGET, `to answer ${batch.length} questions`)) answers.push(a);
    }
    return answers;
  }

  /** Ends the sandbox: the worker is stopped and the frame removed. Pending calls reject. */
  dispose(reason?: string): void {
    if (reason && !this.fault) this.fault = new PluginFault(`"${this.name}" was switched off: ${reason}.`);
    removeEventListener('message', this.listener);
    if (this.frame) {
      this.post({ type: 'stop' });
      this.frame.remove();
      this.frame = null;
    }
    const fault = this.fault ?? new PluginFault(`"${this.name}" was stopped.`);
    for (const p of this.pending.values()) p.reject(fault);
    this.pending.clear();
  }

  get stopped(): boolean {
    return this.frame === null;
  }

  private post(message: unknown): void {
    this.frame?.contentWindow?.postMessage(message, '*');
  }

  private async within<T>(work: Promise<T>, budget: number, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      // Time spent waiting for the host's network (rate limit, back-off) is the host's, not the
      // plugin's: the deadline moves by it. A plugin that computes without end still meets it.
      const expire = () => {
        if (this.hostTime > 0 || this.fetching > 0) {
          // Exactly the time spent in the host's fetches (each bounded by the network's timeout and
          // retries); while one is still under way, look again in a second.
          const grace = this.fetching > 0 ? 1000 : this.hostTime;
          this.hostTime = 0;
          timer = setTimeout(expire, grace);
          return;
        }
        this.dispose(`it took longer than ${budget / 1000} s ${what}`);
        reject(this.fault!);
      };
      timer = setTimeout(expire, budget);
    });
    // A plugin that exhausts its memory takes its frame's process down with it (measured: Chromium
    // gives a sandboxed frame a process of its own, and no event tells the page that it died), so
    // the frame is asked every second whether it is there; a few unanswered asks end the sandbox.
    // Counted in asks, not in time: a hidden page's timers are slowed, its messages are not.
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const silent = new Promise<never>((_, reject) => {
      this.unanswered = 0;
      heartbeat = setInterval(() => {
        if (this.unanswered >= UNANSWERED_PINGS) {
          this.dispose('it ran out of memory or crashed (its sandbox stopped answering)');
          reject(this.fault!);
          return;
        }
        this.unanswered++;
        this.post({ type: 'ping' });
      }, PING_INTERVAL);
    });
    try {
      return await Promise.race([work, late, silent]);
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
    }
  }

  /** Pings the frame has not answered yet. */
  private unanswered = 0;

  private receive(event: MessageEvent): void {
    // Only this sandbox's frame speaks for this plugin; anything else (another frame, a forged
    // message from elsewhere on the page) is not ours to read.
    if (!this.frame || event.source !== this.frame.contentWindow) return;
    const check = readSandboxMessage(event.data);
    if (!check.ok) return this.dispose(check.problem);
    const m = check.message;
    this.unanswered = 0;
    if (m.type === 'pong') return;
    // Parts of an answer are counted by what they weigh (see part()).
    if (m.type !== 'part' && ++this.messages > MAX_MESSAGES_PER_CALL) return this.dispose('it sent too many messages');
    switch (m.type) {
      case 'frame-ready':
        if (!this.onReady) return this.dispose('it sent a message out of turn');
        this.onReady();
        this.onReady = null;
        return;
      case 'loaded':
        if (!this.onLoaded) return this.dispose('it sent a message out of turn');
        this.onLoaded(m);
        this.onLoaded = null;
        return;
      case 'failed':
        return this.dispose(`it could not be loaded (${m.message})`);
      case 'crashed':
        // A worker that hits its heap limit may end with an error event instead of taking the process down.
        return this.dispose(OUT_OF_MEMORY.test(m.message) ? `it ran out of memory or crashed (${m.message})` : `it crashed (${m.message})`);
      case 'error':
        if (!this.pending.has(m.id) || m.id === 0) return this.dispose('it answered a question it was not asked');
        return this.dispose(OUT_OF_MEMORY.test(m.message) ? `it ran out of memory or crashed (${m.message})` : `it failed (${m.message})`);
      case 'result':
        return this.settle(m.id, m.values);
      case 'part':
        return this.part(m.id, m.text);
      case 'fetch':
        return void this.fetchFor(m.id, m.url);
    }
  }

  private settle(id: number, values: unknown[]): void {
    const pending = id > 0 ? this.pending.get(id) : undefined;
    if (!pending) return this.dispose('it answered a question it was not asked');
    this.pending.delete(id);
    pending.resolve(values);
  }

  /** Host fetches under way for this plugin. */
  private fetching = 0;

  private async fetchFor(id: number, url: string): Promise<void> {
    const started = performance.now();
    this.fetching++;
    try {
      if (!this.options.fetchJson) throw new Error('it may reach no host');
      const body = await this.options.fetchJson(url);
      this.post({ type: 'fetched', id, ok: true, body });
    } catch (e) {
      this.post({ type: 'fetched', id, ok: false, message: (e as Error).message });
    } finally {
      this.fetching--;
      this.hostTime += performance.now() - started;
    }
  }
}
