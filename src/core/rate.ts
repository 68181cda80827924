// Speed and time left for long work, from counts and elapsed time.

export interface Rate {
  perSecond: number;
  /** Seconds left, or undefined while too little is known to say. */
  secondsLeft: number | undefined;
}

export function rateOf(done: number, total: number, elapsedMs: number): Rate {
  const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const secondsLeft = done >= 20 && elapsedMs > 500 && perSecond > 0 ? Math.max(0, (total - done) / perSecond) : undefined;
  return { perSecond, secondsLeft };
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'less than a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60 ? `${m} min ${s} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "734 MB", "1.2 GB": sizes as a person reads them (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return u === 0 ? `${n} ${n === 1 ? 'byte' : 'bytes'}` : `${n < 10 ? n.toFixed(1) : Math.round(n)} ${units[u]}`;
}
