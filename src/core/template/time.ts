// beets' `%time{text,format}`: reads `text` in beets' default `time_format` and writes it with
// Python's strftime in the C locale, the way beets formats `$added` or `$mtime` for a path.
import { TemplateFunctionError } from './render.ts';

/** beets' default `time_format`, in which it writes times into templates. */
const BEETS_TIME_FORMAT = '%Y-%m-%d %H:%M:%S';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A wall-clock time, without a time zone, as strptime gives it. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Python's strptime patterns for %Y-%m-%d %H:%M:%S.
const BEETS_TIME = /^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9]) (2[0-3]|[0-1]\d|\d):([0-5]\d|\d):(6[0-1]|[0-5]\d|\d)$/;

/** Python's time.strptime(text, '%Y-%m-%d %H:%M:%S'), with its error messages. */
function parseBeetsTime(text: string): WallTime {
  const m = BEETS_TIME.exec(text);
  if (!m) throw new TemplateFunctionError(`time data '${text}' does not match format '${BEETS_TIME_FORMAT}'`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) throw new TemplateFunctionError('day is out of range for month');
  return { year, month, day, hour, minute, second };
}

/** Python's time.strftime in the C locale for the common directives; others stay as written. */
function strftime(format: string, t: WallTime): string {
  const date = new Date(Date.UTC(t.year, t.month - 1, t.day));
  const weekday = date.getUTCDay();
  const dayOfYear = Math.round((date.getTime() - Date.UTC(t.year, 0, 1)) / 86_400_000) + 1;
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const directive: Record<string, () => string> = {
    Y: () => String(t.year),
    y: () => pad(t.year % 100),
    m: () => pad(t.month),
    d: () => pad(t.day),
    e: () => String(t.day).padStart(2, ' '),
    H: () => pad(t.hour),
    I: () => pad(hour12),
    M: () => pad(t.minute),
    S: () => pad(t.second),
    p: () => (t.hour < 12 ? 'AM' : 'PM'),
    j: () => pad(dayOfYear, 3),
    A: () => DAYS[weekday]!,
    a: () => DAYS[weekday]!.slice(0, 3),
    B: () => MONTHS[t.month - 1]!,
    b: () => MONTHS[t.month - 1]!.slice(0, 3),
    h: () => MONTHS[t.month - 1]!.slice(0, 3),
    F: () => `${t.year}-${pad(t.month)}-${pad(t.day)}`,
    T: () => `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`,
    '%': () => '%',
  };
  return format.replace(/%(.)/gs, (whole, key: string) => directive[key]?.() ?? whole);
}

/** `%time{text,format}`. */
export function formatBeetsTime(text: string, format: string): string {
  return strftime(format, parseBeetsTime(text));
}
