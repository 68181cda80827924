// Enrichers (issue 14, point 2): a code plugin is shown one release at a time as plain data (the
// fields its manifest reads, and a summary of its tracks) and may answer proposed changes with a
// match score and where they come from. A proposal changes nothing by itself: the user accepts it
// in the plan, and then it becomes the same review choices the review step makes (`edit-release`,
// `edit-tags`, src/core/review-choices.ts), reverted under "Your changes"; a rejected proposal is a
// `dismiss-suggestion` choice under the proposal's id. No file's tags are ever written.
import type { ContentType, Recording, Release } from './model.ts';
import { identityOf, type FileIdentity, type ReleaseEdit, type ReviewChoice, type TagEdit } from './review-choices.ts';
import { CONTENT_TYPES } from './plugin-manifest.ts';
import { Crc32 } from './crc32.ts';

/** One track as an enricher sees it: position, title, length in whole seconds (null when unknown). */
export interface EnricherTrack {
  disc: number | null;
  track: number | null;
  title: string;
  length: number | null;
}

/** What an enricher is given about one release: the fields its manifest reads (from the first track), and its tracks in order. */
export interface EnricherInput {
  fields: Record<string, string>;
  tracks: EnricherTrack[];
}

/** Release values an enricher may propose. */
export const RELEASE_FIELDS = ['albumartist', 'year', 'originalyear', 'releasetype', 'mb_albumid', 'mb_albumartistid', 'mb_releasegroupid'] as const;
/** Track values an enricher may propose. */
export const TRACK_FIELDS = ['track', 'disc', 'mb_trackid'] as const;
export type ReleaseField = (typeof RELEASE_FIELDS)[number];
export type TrackField = (typeof TRACK_FIELDS)[number];

/** An enricher's answer for one release: what it proposes, how well the release matched (0..1), and where from. */
export interface Enrichment {
  score: number;
  /** Why it matched, in plain words ("MBID in the tags", "12 of 12 tracks, 1997"). */
  reason: string;
  /** Where the values come from (a page the user can open), https only. */
  source?: string;
  release?: Partial<Record<ReleaseField, string>>;
  /** Per track of the input, in its order: values for that track, or null. */
  tracks?: (Partial<Record<TrackField, string>> | null)[];
}

/** An enricher's answer: an enrichment, null (nothing found), or a problem it could not get past (offline), said in plain words. */
export type EnrichAnswer = Enrichment | { problem: string } | null;

/** The most tracks a release shows an enricher (a box set past it is cut). */
export const MAX_ENRICH_TRACKS = 200;
const MAX_TITLE = 200;

const whole = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? Math.round(v) : null);

/** A release as an enricher is shown it: `fields` already read for the manifest, tracks from the tags. */
export function enricherInput(fields: Record<string, string>, release: Release): EnricherInput {
  return {
    fields,
    tracks: release.recordings.slice(0, MAX_ENRICH_TRACKS).map((r) => ({
      disc: whole(r.tags.disc),
      track: whole(r.tags.track),
      title: (r.tags.title ?? '').slice(0, MAX_TITLE),
      length: whole(r.audio.duration),
    })),
  };
}

/** The key an enricher's answer is kept under: the input itself (what the plugin saw is all its answer can depend on). */
const enricherKey = (input: EnricherInput): string => JSON.stringify(input);

/** The distinct inputs of an enricher over `releases`, `fieldsOf` reading the fields its manifest reads. */
export function enricherInputs(releases: readonly Release[], fieldsOf: (release: Release) => Record<string, string>): { key: string; input: EnricherInput }[] {
  const out = new Map<string, EnricherInput>();
  for (const release of releases) {
    const input = enricherInput(fieldsOf(release), release);
    out.set(enricherKey(input), input);
  }
  return [...out].map(([key, input]) => ({ key, input }));
}

/** One enricher's answers for a plan, by input key, as the host gathered them. */
export interface EnricherAnswers {
  plugin: { id: string; name: string };
  reads: string[];
  table: Record<string, EnrichAnswer>;
}

/**
 * The proposals for `releases` from the enrichers' answers, in the enrichers' order (the user's
 * order of plugins), those rejected before left out; and the problems they reported, each once.
 */
export function proposalsFor(
  releases: readonly Release[],
  answers: readonly EnricherAnswers[],
  fieldsOf: (release: Release, reads: readonly string[]) => Record<string, string>,
  choices: readonly ReviewChoice[],
  madeAt = Date.now(),
): { proposals: Proposal[]; problems: string[] } {
  const proposals: Proposal[] = [];
  const problems = new Set<string>();
  for (const a of answers) {
    for (const release of releases) {
      const answer = a.table[enricherKey(enricherInput(fieldsOf(release, a.reads), release))];
      if (!answer) continue;
      if ('problem' in answer) {
        problems.add(`${answer.problem.startsWith(a.plugin.name) ? '' : `${a.plugin.name}: `}${answer.problem}.`);
        continue;
      }
      const p = proposalFor(a.plugin, release, answer, madeAt);
      if (p) proposals.push(p);
    }
  }
  return { proposals: openProposals(proposals, choices), problems: [...problems] };
}

/** One value a proposal changes: on the release, or on one track (by its place in the input). */
export interface ProposedChange {
  field: ReleaseField | TrackField;
  /** Index in the input's tracks; absent for the release. */
  track?: number;
  /** That track's title (or file name), to show. */
  trackTitle?: string;
  from: string;
  to: string;
}

/**
 * A proposal as the plan shows it: one enricher's changes for one release, accepted whole, in part
 * (src/core/proposal-fields.ts), or rejected.
 */
export interface Proposal {
  /** Stable while the same release gets the same changes: what a rejection remembers. */
  id: string;
  plugin: string;
  pluginName: string;
  title: string;
  score: number;
  reason: string;
  source?: string;
  changes: ProposedChange[];
  /** The review choices that accepting makes. */
  choices: ReviewChoice[];
  /** The release's files when proposed: what the id of a part of it is made from. */
  files: FileIdentity[];
}

/** The id a rejection stores (as a `dismiss-suggestion` choice) for a proposal of these changes. */
export const proposalId = (plugin: string, files: readonly FileIdentity[], changes: readonly Pick<ProposedChange, 'field' | 'track' | 'to'>[]): string => {
  const text = [plugin, ...files.map((f) => `${f.size}:${f.lastModified}:${f.path}`), ...changes.map((c) => `${c.track ?? ''}:${c.field}=${c.to}`)].join('\n');
  return `enrich:${plugin}:${new Crc32().update(new TextEncoder().encode(text)).digest()}`;
};

function currentRelease(release: Release): Record<ReleaseField, string> {
  const t = release.recordings[0]?.tags ?? {};
  return {
    albumartist: release.albumartist,
    year: release.year === undefined ? '' : String(release.year),
    originalyear: release.originalyear !== undefined ? String(release.originalyear) : t.originalyear !== undefined ? String(t.originalyear) : '',
    // The type the plan files the release under: set by the user, else the classifiers' guess.
    releasetype: release.review?.type ?? release.classification.type,
    mb_albumid: t.mb_albumid ?? '',
    mb_albumartistid: t.mb_albumartistid ?? '',
    mb_releasegroupid: t.mb_releasegroupid ?? '',
  };
}

function currentTrack(r: Recording): Record<TrackField, string> {
  return { track: r.tags.track === undefined ? '' : String(r.tags.track), disc: r.tags.disc === undefined ? '' : String(r.tags.disc), mb_trackid: r.tags.mb_trackid ?? '' };
}

const YEAR = /^\d{4}$/;
const NUMBER = /^\d{1,4}$/;
const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `value` is a value the field can take; anything else is dropped from a proposal. */
function fits(field: ReleaseField | TrackField, value: string): boolean {
  switch (field) {
    case 'albumartist':
      return value.trim().length > 0 && value.length <= 500;
    case 'year':
    case 'originalyear':
      return YEAR.test(value) && Number(value) > 0;
    case 'releasetype':
      return CONTENT_TYPES.includes(value as ContentType);
    case 'track':
    case 'disc':
      return NUMBER.test(value) && Number(value) > 0;
    default:
      return MBID.test(value);
  }
}

/**
 * The proposal an enrichment makes for `release` (whose tracks were shown in the enricher's input
 * in this order), or undefined when it changes nothing. Only values that fit their field and differ
 * from what the plan reads now count. `madeAt` stamps the choices.
 */
export function proposalFor(
  plugin: { id: string; name: string },
  release: Release,
  found: Enrichment,
  madeAt = Date.now(),
): Proposal | undefined {
  const changes: ProposedChange[] = [];
  const now = currentRelease(release);
  for (const field of RELEASE_FIELDS) {
    const to = found.release?.[field];
    if (typeof to === 'string' && fits(field, to) && to !== now[field]) changes.push({ field, from: now[field], to });
  }
  const tracks = release.recordings.slice(0, MAX_ENRICH_TRACKS);
  (found.tracks ?? []).slice(0, tracks.length).forEach((values, i) => {
    if (!values) return;
    const was = currentTrack(tracks[i]!);
    for (const field of TRACK_FIELDS) {
      const to = values[field];
      if (typeof to === 'string' && fits(field, to) && to !== was[field]) changes.push({ field, track: i, trackTitle: tracks[i]!.tags.title ?? tracks[i]!.path.split('/').pop()!, from: was[field], to });
    }
  });
  if (changes.length === 0) return undefined;
  const files = release.recordings.map(identityOf);
  const title = `${release.album || '(no album)'} — ${release.albumartist || '(no album artist)'}`;
  const label = `${plugin.name}: ${title}`;
  const choices: ReviewChoice[] = [];
  const set: ReleaseEdit = {};
  const tags: TagEdit = {};
  for (const c of changes) {
    if (c.track !== undefined) continue;
    if (c.field === 'albumartist') set.albumartist = c.to;
    else if (c.field === 'year') set.year = Number(c.to);
    else if (c.field === 'releasetype') set.type = c.to as ContentType;
    else if (c.field === 'originalyear') tags.originalyear = Number(c.to);
    else tags[c.field as 'mb_albumid' | 'mb_albumartistid' | 'mb_releasegroupid'] = c.to;
  }
  if (Object.keys(set).length > 0) choices.push({ kind: 'edit-release', release: { files, title }, set, madeAt });
  if (Object.keys(tags).length > 0) choices.push({ kind: 'edit-tags', files, set: tags, label, madeAt });
  tracks.forEach((r, i) => {
    const mine = changes.filter((c) => c.track === i);
    if (mine.length === 0) return;
    const edit: TagEdit = {};
    for (const c of mine) {
      if (c.field === 'mb_trackid') edit.mb_trackid = c.to;
      else edit[c.field as 'track' | 'disc'] = Number(c.to);
    }
    choices.push({ kind: 'edit-tags', files: [identityOf(r)], set: edit, label, madeAt });
  });
  return {
    id: proposalId(plugin.id, files, changes),
    plugin: plugin.id,
    pluginName: plugin.name,
    title,
    score: found.score,
    reason: found.reason,
    ...(found.source !== undefined ? { source: found.source } : {}),
    changes,
    choices,
    files,
  };
}

/** The proposals still to show: those not rejected before (a `dismiss-suggestion` choice under their id). */
export function openProposals(proposals: readonly Proposal[], choices: readonly ReviewChoice[]): Proposal[] {
  const rejected = new Set(choices.flatMap((c) => (c.kind === 'dismiss-suggestion' ? [c.suggestion] : [])));
  return proposals.filter((p) => !rejected.has(p.id));
}

/** The choice that remembers a rejected proposal. */
export function rejection(p: Proposal, madeAt = Date.now()): ReviewChoice {
  return { kind: 'dismiss-suggestion', suggestion: p.id, title: `${p.pluginName}: ${p.title}`, madeAt };
}
