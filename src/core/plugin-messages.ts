// The boundary between the app and a sandboxed plugin: a small protocol of our own, never
// Comlink.expose (it walks whatever property path its peer sends). Everything a plugin sends is
// untrusted, so each message is checked here for shape, sizes and counts before the host reads a
// field of it, and refused whole if it carries a `__proto__`, `constructor` or `prototype` key.
import { CONTENT_TYPES } from './plugin-manifest.ts';
import type { PluginVerdict } from './plugin-results.ts';
import { MAX_ENRICH_TRACKS, RELEASE_FIELDS, TRACK_FIELDS, type EnrichAnswer } from './enrichment.ts';

/** The most a message from a sandbox may weigh (it arrives as JSON in an ArrayBuffer). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Inputs per call: a batch the plugin must answer in one message. */
export const MAX_BATCH = 2000;
/** A field value longer than this is garbage (a path component is at most 255 characters). */
const MAX_FIELD_VALUE = 1024;
const MAX_TEXT = 2000;
const MAX_NODES = 3 * MAX_BATCH + 100;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** Characters of answer JSON per 'part' message: escaped once more, it stays within a message. */
export const MAX_PART_CHARS = 100_000;

/** What the sandbox may say to the host. */
export type SandboxMessage =
  | { type: 'frame-ready' }
  /** The frame's answer to the host's 'ping': it is still there (sandbox.ts). */
  | { type: 'pong' }
  | { type: 'loaded'; fields: string[]; classifiers: string[]; enrichers: string[] }
  | { type: 'failed'; message: string }
  | { type: 'crashed'; message: string }
  | { type: 'result'; id: number; values: unknown[] }
  /** A piece of a long answer's JSON (an output's files), in order; the 'result' that follows ends it. */
  | { type: 'part'; id: number; text: string }
  | { type: 'error'; id: number; message: string }
  | { type: 'fetch'; id: number; url: string };

export type MessageCheck = { ok: true; message: SandboxMessage } | { ok: false; problem: string };

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Walks the value once: only JSON-like data, bounded in nodes and string length, no forbidden keys. */
function plainData(value: unknown, maxText = MAX_TEXT): string | undefined {
  let nodes = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (++nodes > MAX_NODES) return 'it is too big';
    if (v === null || typeof v === 'number' || typeof v === 'boolean') continue;
    if (typeof v === 'string') {
      if (v.length > maxText) return `it carries a text of ${v.length.toLocaleString('en')} characters`;
      continue;
    }
    if (Array.isArray(v)) {
      if (v.length > MAX_BATCH) return 'it carries too many values';
      for (const item of v) stack.push(item);
      continue;
    }
    if (!isPlain(v)) return 'it carries something other than plain data';
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key !== 'string' || FORBIDDEN.has(key)) return `it carries the key "${String(key)}"`;
      stack.push(v[key]);
    }
  }
  return undefined;
}

const id = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const text = (v: unknown): v is string => typeof v === 'string';
const names = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 64 && v.every((n) => typeof n === 'string' && n.length <= 40);

/** Reads a message as it arrives from a sandbox: JSON in an ArrayBuffer, weighed before it is read. */
export function readSandboxMessage(data: unknown): MessageCheck {
  if (!(data instanceof ArrayBuffer)) return { ok: false, problem: 'it sent a message past the host' };
  if (data.byteLength > MAX_MESSAGE_BYTES) return { ok: false, problem: `it sent a message of ${data.byteLength.toLocaleString('en')} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return { ok: false, problem: 'it sent a message that is not JSON' };
  }
  return checkSandboxMessage(json);
}

/** Checks one message from a sandbox; the problem is plain words for the message that disables the plugin. */
export function checkSandboxMessage(data: unknown): MessageCheck {
  // Only a part of a long answer carries a long text; it is read as text, never as data.
  const problem = plainData(data, isPlain(data) && data.type === 'part' ? MAX_PART_CHARS : MAX_TEXT);
  if (problem) return { ok: false, problem: `it sent a message the app refuses: ${problem}` };
  if (!isPlain(data) || typeof data.type !== 'string') return { ok: false, problem: 'it sent a message of no known kind' };
  const m = data;
  const type = data.type;
  switch (type) {
    case 'frame-ready':
      return { ok: true, message: { type: 'frame-ready' } };
    case 'pong':
      return { ok: true, message: { type: 'pong' } };
    case 'loaded':
      if (names(m.fields) && names(m.classifiers) && (m.enrichers === undefined || names(m.enrichers))) {
        return { ok: true, message: { type: 'loaded', fields: m.fields, classifiers: m.classifiers, enrichers: (m.enrichers as string[] | undefined) ?? [] } };
      }
      break;
    case 'failed':
    case 'crashed':
      if (text(m.message)) return { ok: true, message: { type, message: m.message } };
      break;
    case 'result':
      if (id(m.id) && Array.isArray(m.values)) return { ok: true, message: { type: 'result', id: m.id, values: m.values } };
      break;
    case 'part':
      if (id(m.id) && text(m.text)) return { ok: true, message: { type: 'part', id: m.id, text: m.text } };
      break;
    case 'error':
      if (id(m.id) && text(m.message)) return { ok: true, message: { type: 'error', id: m.id, message: m.message } };
      break;
    case 'fetch':
      if (id(m.id) && text(m.url)) return { ok: true, message: { type: 'fetch', id: m.id, url: m.url } };
      break;
  }
  return { ok: false, problem: `it sent a "${type.slice(0, 20)}" message of the wrong shape` };
}

/** A field's answers: one text per input, each short enough to be part of a path. */
export function checkFieldValues(values: unknown[], expected: number): string[] | string {
  if (values.length !== expected) return `it answered ${values.length} values for ${expected} inputs`;
  for (const v of values) {
    if (typeof v !== 'string') return 'it answered something other than text for a field';
    if (v.length > MAX_FIELD_VALUE) return `it answered a field value of ${v.length.toLocaleString('en')} characters`;
  }
  return values as string[];
}

/** A classifier's answers: per input, null (no opinion) or a content type with a confidence and a reason. */
export function checkVerdicts(values: unknown[], expected: number): (PluginVerdict | null)[] | string {
  if (values.length !== expected) return `it answered ${values.length} verdicts for ${expected} releases`;
  const out: (PluginVerdict | null)[] = [];
  for (const v of values) {
    if (v === null || v === undefined) {
      out.push(null);
      continue;
    }
    if (!isPlain(v)) return 'it answered a verdict that is not an object';
    const type = CONTENT_TYPES.find((t) => t === v.type);
    if (!type) return `it answered an unknown content type "${String(v.type).slice(0, 20)}"`;
    if (typeof v.confidence !== 'number' || !(v.confidence >= 0 && v.confidence <= 1)) return 'it answered a confidence outside 0–1';
    if (typeof v.reason !== 'string' || v.reason.length === 0 || v.reason.length > 200) return 'it answered a verdict without a short reason';
    out.push({ type, confidence: v.confidence, reason: v.reason });
  }
  return out;
}

const MAX_ENRICHED_VALUE = 500;

/** Only the named keys, each a short text; anything else in the object refuses the answer. */
function values(v: unknown, allowed: readonly string[], what: string): Record<string, string> | string {
  if (!isPlain(v)) return `it answered ${what} that is not an object`;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(v)) {
    if (!allowed.includes(key)) return `it proposed a change to "${key.slice(0, 40)}", which enrichers cannot change`;
    if (typeof value !== 'string' || value.length > MAX_ENRICHED_VALUE) return `it proposed a ${key} that is not a short text`;
    out[key] = value;
  }
  return out;
}

/**
 * An enricher's answers: per release, null, a problem in plain words, or proposed values (only the
 * fields enrichers may change, as short texts) with a score in 0..1, a reason and an https source.
 */
export function checkEnrichments(answers: unknown[], inputs: readonly { tracks: readonly unknown[] }[]): EnrichAnswer[] | string {
  if (answers.length !== inputs.length) return `it answered ${answers.length} enrichments for ${inputs.length} releases`;
  const out: EnrichAnswer[] = [];
  for (const [i, v] of answers.entries()) {
    if (v === null || v === undefined) {
      out.push(null);
      continue;
    }
    if (!isPlain(v)) return 'it answered an enrichment that is not an object';
    if (v.problem !== undefined) {
      if (typeof v.problem !== 'string' || v.problem.length === 0 || v.problem.length > 300) return 'it answered a problem that is not a short text';
      out.push({ problem: v.problem });
      continue;
    }
    if (typeof v.score !== 'number' || !(v.score >= 0 && v.score <= 1)) return 'it answered a match score outside 0–1';
    if (typeof v.reason !== 'string' || v.reason.length === 0 || v.reason.length > 200) return 'it answered an enrichment without a short reason';
    if (v.source !== undefined && (typeof v.source !== 'string' || v.source.length > 500 || !/^https:\/\/[^\s]+$/.test(v.source))) return 'it answered a source that is not an https address';
    const release = v.release === undefined ? {} : values(v.release, RELEASE_FIELDS, 'release values');
    if (typeof release === 'string') return release;
    const tracks: (Record<string, string> | null)[] = [];
    if (v.tracks !== undefined) {
      if (!Array.isArray(v.tracks) || v.tracks.length > Math.min(MAX_ENRICH_TRACKS, inputs[i]!.tracks.length)) return 'it answered more tracks than the release has';
      for (const t of v.tracks as unknown[]) {
        if (t === null) {
          tracks.push(null);
          continue;
        }
        const checked = values(t, TRACK_FIELDS, 'track values');
        if (typeof checked === 'string') return checked;
        tracks.push(checked);
      }
    }
    out.push({ score: v.score, reason: v.reason, ...(v.source !== undefined ? { source: v.source as string } : {}), release, tracks });
  }
  return out;
}
