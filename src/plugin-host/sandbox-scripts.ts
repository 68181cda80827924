// The two scripts that run inside a plugin's sandbox, as text: the frame's (it only relays) and
// its worker's (it imports the plugin's module from a blob URL and answers calls one batch at a
// time). They are the only code of ours there; the plugin can reach nothing else of the app.
//
// Everything bound for the app travels as JSON in a transferred ArrayBuffer of at most
// MAX_MESSAGE_BYTES: the app learns a message's size before it reads a byte of it, and reading a
// plugin's 10 MB string never stalls the page. The worker takes postMessage away from the plugin
// before importing it, so the plugin's only way out is this encoding.
import { MAX_MESSAGE_BYTES, MAX_PART_CHARS } from '../core/plugin-messages.ts';
import { MAX_OUTPUT_ANSWER_CHARS, MAX_OUTPUT_FILE_CHARS, MAX_OUTPUT_FILES, MAX_OUTPUT_TOTAL_CHARS } from '../core/plugin-outputs.ts';

/** In the opaque-origin frame: starts the worker, relays between it and the app, stops it on request. */
export const FRAME_SCRIPT = `(() => {
  const app = parent;
  let worker = null;
  const encoder = new TextEncoder();
  const send = (m) => {
    const bytes = encoder.encode(JSON.stringify(m)).buffer;
    app.postMessage(bytes, '*', [bytes]);
  };
  addEventListener('message', (event) => {
    if (event.source !== app) return;
    const m = event.data;
    if (m && m.type === 'ping') {
      send({ type: 'pong' });
    } else if (m && m.type === 'start' && !worker) {
      worker = new Worker(URL.createObjectURL(new Blob([m.workerScript], { type: 'text/javascript' })), { name: 'plugin' });
      worker.onmessage = (w) => {
        const data = w.data;
        if (data instanceof ArrayBuffer && data.byteLength <= ${MAX_MESSAGE_BYTES}) app.postMessage(data, '*', [data]);
        else send({ type: 'crashed', message: 'it sent a message past the host' });
      };
      worker.onmessageerror = () => send({ type: 'crashed', message: 'it sent a message that could not be read' });
      worker.onerror = (w) => {
        w.preventDefault();
        send({ type: 'crashed', message: String(w.message || 'it stopped with an error').slice(0, 500) });
      };
      worker.postMessage({ type: 'load', code: m.code, hosts: m.hosts });
    } else if (m && m.type === 'stop') {
      if (worker) worker.terminate();
      worker = null;
    } else if (worker) {
      worker.postMessage(m);
    }
  });
  send({ type: 'frame-ready' });
})();`;

/** In the frame's classic worker (a module worker cannot start from a blob URL in an opaque frame). */
export const WORKER_SCRIPT = `(() => {
  let plugin = null;
  let nextFetch = 0;
  const fetches = new Map();
  const post = self.postMessage.bind(self);
  const stringify = JSON.stringify;
  const encoder = new TextEncoder();
  delete self.postMessage;
  delete DedicatedWorkerGlobalScope.prototype.postMessage;
  const say = (m) => {
    let text;
    try {
      text = stringify(m);
    } catch {
      text = undefined;
    }
    if (text === undefined) text = stringify({ type: 'error', id: m.id || 0, message: 'its answer is not plain data' });
    if (text.length > ${MAX_MESSAGE_BYTES / 4}) text = stringify({ type: 'error', id: m.id || 0, message: 'its answer is larger than ${MAX_MESSAGE_BYTES / 4 / 1024} KB' });
    const bytes = encoder.encode(text).buffer;
    post(bytes, [bytes]);
  };
  const why = (e) => String((e && e.message) || e).slice(0, 500);
  let hosts = Object.freeze([]);
  const context = Object.freeze({
    get hosts() {
      return hosts;
    },
    fetchJson(url) {
      const id = ++nextFetch;
      return new Promise((resolve, reject) => {
        fetches.set(id, { resolve, reject });
        say({ type: 'fetch', id, url: String(url) });
      });
    },
  });
  onmessage = async (event) => {
    const m = event.data;
    if (m.type === 'load') {
      hosts = Object.freeze(Array.isArray(m.hosts) ? m.hosts.map(String) : []);
      try {
        const module = await import(URL.createObjectURL(new Blob([m.code], { type: 'text/javascript' })));
        plugin = module.default || {};
        say({ type: 'loaded', fields: Object.keys(plugin.fields || {}), classifiers: Object.keys(plugin.classifiers || {}), enrichers: Object.keys(plugin.enrichers || {}) });
      } catch (e) {
        say({ type: 'failed', message: why(e) });
      }
    } else if (m.type === 'call' && m.kind === 'output') {
      // An output's answer can be megabytes: its JSON goes out in parts the app weighs one by one.
      try {
        const fn = plugin.outputs && Object.prototype.hasOwnProperty.call(plugin.outputs, m.name) ? plugin.outputs[m.name] : null;
        if (typeof fn !== 'function') throw new Error('it has no output named ' + m.name);
        const answer = await fn(JSON.parse(m.input), context);
        // A courtesy, not the check (the app checks all of it again, src/core/plugin-outputs.ts): an
        // answer refused for its size anyway need not cross to the page at all.
        const files = answer && Array.isArray(answer.files) ? answer.files : [];
        if (files.length > ${MAX_OUTPUT_FILES}) throw new Error('it asked to write ' + files.length.toLocaleString('en') + ' files (at most ${MAX_OUTPUT_FILES.toLocaleString('en')})');
        let total = 0;
        for (const file of files) {
          const size = file && typeof file.text === 'string' ? file.text.length : 0;
          if (size > ${MAX_OUTPUT_FILE_CHARS}) throw new Error('it asked to write ' + size.toLocaleString('en') + ' characters to ' + stringify(String(file.path).slice(0, 80)) + ' (at most 1 MB a file)');
          total += size;
          if (total > ${MAX_OUTPUT_TOTAL_CHARS}) throw new Error('it asked to write more than ${MAX_OUTPUT_TOTAL_CHARS / 1024 / 1024} MB in all');
        }
        const text = stringify(answer);
        if (typeof text !== 'string') throw new Error('its answer is not plain data');
        if (text.length > ${MAX_OUTPUT_ANSWER_CHARS}) throw new Error('its answer is larger than ${MAX_OUTPUT_ANSWER_CHARS / 1024 / 1024} MB');
        for (let at = 0; at < text.length; at += ${MAX_PART_CHARS}) say({ type: 'part', id: m.id, text: text.slice(at, at + ${MAX_PART_CHARS}) });
        say({ type: 'result', id: m.id, values: [] });
      } catch (e) {
        say({ type: 'error', id: m.id, message: why(e) });
      }
    } else if (m.type === 'call') {
      try {
        const table = m.kind === 'field' ? plugin.fields : m.kind === 'function' ? plugin.functions : m.kind === 'enricher' ? plugin.enrichers : plugin.classifiers;
        const fn = table && Object.prototype.hasOwnProperty.call(table, m.name) ? table[m.name] : null;
        if (typeof fn !== 'function') throw new Error('it has no ' + m.kind + ' named ' + m.name);
        const values = [];
        for (const input of m.inputs) values.push(await fn(input, context));
        say({ type: 'result', id: m.id, values });
      } catch (e) {
        say({ type: 'error', id: m.id, message: why(e) });
      }
    } else if (m.type === 'fetched') {
      const waiting = fetches.get(m.id);
      fetches.delete(m.id);
      if (!waiting) return;
      if (m.ok) waiting.resolve(m.body);
      else waiting.reject(new Error(m.message));
    }
  };
})();`;
