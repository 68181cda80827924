// How far an enricher's lookup is, in words: "312 of 2,104 releases looked up · 31 a minute ·
// about 58 minutes left". MusicBrainz allows one request a second, so a big library takes long and
// the user needs to see it moving. Answers kept from an earlier visit come in a burst and network
// answers one by one, so the speed is measured over the latest answers only (the last few dozen,
// at most the last two minutes): the burst leaves the estimate as soon as the network sets the pace.
import { formatCount } from './rate.ts';

/** When (ms, any clock) the lookup had this many releases answered. */
export interface LookupSample {
  at: number;
  done: number;
}

export interface LookupProgress {
  done: number;
  total: number;
  /** Releases that could not be asked (offline, unreachable): asked again next time. */
  failed: number;
  /** Releases answered per minute lately, when enough is known. */
  perMinute?: number;
  secondsLeft?: number;
}

/** The latest answers the speed is measured over, and the longest time. */
const WINDOW_ANSWERS = 30;
const WINDOW_MS = 120_000;

/** Progress from the samples taken so far (oldest first). */
export function lookupProgress(samples: readonly LookupSample[], total: number, failed = 0): LookupProgress {
  const last = samples.at(-1);
  const done = last?.done ?? 0;
  const progress: LookupProgress = { done, total, failed };
  if (!last) return progress;
  let first = last;
  for (let i = samples.length - 2; i >= 0; i--) {
    const s = samples[i]!;
    if (last.at - s.at > WINDOW_MS) break;
    first = s;
    if (last.done - s.done >= WINDOW_ANSWERS) break;
  }
  const answered = last.done - first.done;
  const span = last.at - first.at;
  // Too little to go on: a speed from one answer or a few milliseconds would swing wildly.
  if (answered < 3 || span < 1000) return progress;
  const perMs = answered / span;
  progress.perMinute = perMs * 60_000;
  progress.secondsLeft = Math.max(0, total - done - failed) / perMs / 1000;
  return progress;
}

/** "about 29 minutes left", "about 1 hour 5 minutes left", "less than a minute left". */
export function timeLeft(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return 'less than a minute left';
  if (minutes < 60) return `about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} ${h === 1 ? 'hour' : 'hours'}${m ? ` ${m} ${m === 1 ? 'minute' : 'minutes'}` : ''} left`;
}

/** The progress line. */
export function describeLookup(p: LookupProgress): string {
  const parts = [`${formatCount(p.done)} of ${formatCount(p.total)} ${p.total === 1 ? 'release' : 'releases'} looked up`];
  if (p.failed > 0) parts.push(`${formatCount(p.failed)} could not be asked`);
  if (p.done + p.failed < p.total && p.perMinute !== undefined && p.secondsLeft !== undefined) {
    parts.push(`${p.perMinute >= 10 ? formatCount(Math.round(p.perMinute)) : p.perMinute.toFixed(1)} a minute`, timeLeft(p.secondsLeft));
  }
  return parts.join(' · ');
}
