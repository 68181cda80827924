// Accepting part of a proposal (issue 14, point 12): "take the year, keep my album artist". The
// user ticks the fields to take; what is stored is the proposal's own review choices with only
// those fields left in their `set` (the same `edit-release` / `edit-tags` as accepting it whole),
// and one `dismiss-suggestion` for the fields not taken, under the id the proposal of just those
// fields has. So after the plan reads the accepted values, the enricher's answer proposes only the
// rest, which is already dismissed: nothing comes back, and reverting the accepted part under
// "Your changes" brings the whole proposal back. There is no second override mechanism.
import { proposalId, type Proposal, type ProposedChange } from './enrichment.ts';
import type { ReviewChoice } from './review-choices.ts';

/** One tick box of a proposal: a release field, or one field over all the tracks it changes. */
export interface FieldGroup {
  /** The field (`year`), or `tracks:<field>` for a track field. */
  key: string;
  field: ProposedChange['field'];
  /** The changes it takes (one for a release field, one per track for a track field). */
  changes: ProposedChange[];
}

const groupKey = (c: Pick<ProposedChange, 'field' | 'track'>): string => (c.track === undefined ? c.field : `tracks:${c.field}`);

/** The tick boxes of a proposal, release fields first, in the order of its changes. */
export function fieldGroups(p: Proposal): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  for (const c of p.changes) {
    const key = groupKey(c);
    const group = groups.get(key) ?? { key, field: c.field, changes: [] };
    group.changes.push(c);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => Number(a.key.startsWith('tracks:')) - Number(b.key.startsWith('tracks:')));
}

/** The group a key of a choice's `set` belongs to: release edits call the release type `type`; track fields are per file. */
function groupOfSetKey(key: string): string {
  if (key === 'type') return 'releasetype';
  if (key === 'track' || key === 'disc' || key === 'mb_trackid') return `tracks:${key}`;
  return key;
}

/**
 * The review choices that taking the groups `taken` of proposal `p` stores: its own choices with
 * only those fields, and a rejection of the fields not taken. Empty when nothing is taken (that is
 * a rejection: see `rejection`).
 */
export function acceptedChoices(p: Proposal, taken: ReadonlySet<string>, madeAt = Date.now()): ReviewChoice[] {
  const out: ReviewChoice[] = [];
  for (const choice of p.choices) {
    if (choice.kind !== 'edit-release' && choice.kind !== 'edit-tags') continue;
    const set = Object.fromEntries(Object.entries(choice.set).filter(([k]) => taken.has(groupOfSetKey(k))));
    if (Object.keys(set).length > 0) out.push({ ...choice, set, madeAt } as ReviewChoice);
  }
  if (out.length === 0) return [];
  const left = p.changes.filter((c) => !taken.has(groupKey(c)));
  if (left.length > 0) {
    const kept = [...new Set(left.map((c) => FIELD_WORDS[c.field]))].join(', ');
    out.push({ kind: 'dismiss-suggestion', suggestion: proposalId(p.plugin, p.files, left), title: `${p.pluginName}: ${p.title} (kept your ${kept})`, madeAt });
  }
  return out;
}

/** A field in words, for labels and the list of changes. */
export const FIELD_WORDS: Record<ProposedChange['field'], string> = {
  albumartist: 'album artist', year: 'year', originalyear: 'original year', releasetype: 'release type',
  mb_albumid: 'MusicBrainz release id', mb_albumartistid: 'MusicBrainz artist id', mb_releasegroupid: 'MusicBrainz release group id',
  track: 'track number', disc: 'disc number', mb_trackid: 'MusicBrainz recording id',
};
