// CPU time of the bench's Chromium, by thread group, read from /proc (Linux). A ratio to a floor
// says how much slower a phase is; this says why it cannot be faster: on 2 cores, a phase that
// needs C ms of CPU in all of the browser's threads together cannot take less than C / 2 ms, however
// its work is arranged. Wall time alone cannot tell "waits" from "the machine is full".
import { readFileSync, readdirSync } from 'node:fs';

/** Linux counts CPU time in clock ticks of 10 ms (USER_HZ is 100 on every Linux we run on). */
const MS_PER_TICK = 10;

/** The groups a snapshot sums, in the order the bench prints them. */
export const CPU_GROUPS = ['page', 'workers', 'renderer_other', 'browser', 'other'];

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // The process or thread ended between listing and reading.
  }
};

/** `comm` (in parentheses, may itself hold spaces and parentheses), parent pid, and user + system ticks. */
function stat(path) {
  const text = read(path);
  if (!text) return undefined;
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  // Fields after the comm, from field 3 (state): ppid is field 4, utime 14, stime 15.
  const rest = text.slice(close + 2).split(' ');
  return { comm, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
}

const tasks = (pid) => {
  try {
    return readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
};

const processType = (cmdline) => /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';

/**
 * Cumulative CPU ms of every process of the Chromium started with `--user-data-dir=<profile>`, by
 * group: the renderers' main threads (`page`: the bench page, or the app in the UI phase), their
 * dedicated workers (`workers`: the tag readers and the planner), the rest of the renderers
 * (`renderer_other`: compositor, IO, thread pool), the browser process (`browser`: File System
 * Access, IndexedDB's backend, the IPC behind every call), and the GPU and utility processes
 * (`other`: the network and storage services).
 *
 * A thread's time stays in its process's total after it ends, but not under its name: the bench
 * terminates its tag workers after each scan. So the threads are polled every `pollMs`, and an
 * ended worker keeps the time it had at the last poll; what it spent after that (at most one poll)
 * is counted in `renderer_other`.
 */
export class ChromiumCpu {
  /** Live threads of renderers by "pid/tid": their group and CPU ms at the last poll. */
  #threads = new Map();
  /** CPU ms of ended threads of a renderer, by pid, per group. */
  #ended = new Map();
  /** The browser process, once found: looking for it reads every process's command line. */
  #root;
  #timer;

  constructor(profile, pollMs = 200) {
    this.profile = profile;
    this.#timer = setInterval(() => this.snapshot(), pollMs);
    this.#timer.unref?.();
  }

  stop() {
    clearInterval(this.#timer);
  }

  snapshot() {
    const procs = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const s = stat(`/proc/${name}/stat`);
      if (s) procs.set(Number(name), s);
    }
    const out = Object.fromEntries(CPU_GROUPS.map((g) => [g, 0]));
    if (this.#root === undefined || !procs.has(this.#root)) {
      this.#root = [...procs.keys()].find((pid) => {
        const cmd = (read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ');
        return cmd.includes(`--user-data-dir=${this.profile}`) && processType(cmd) === 'browser';
      });
    }
    const root = this.#root;
    if (root === undefined) return out;
    const children = new Map();
    for (const [pid, s] of procs) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
    const seen = new Set();
    for (const queue = [root]; queue.length > 0; ) {
      const pid = queue.shift();
      queue.push(...(children.get(pid) ?? []));
      const total = procs.get(pid).ticks * MS_PER_TICK;
      const type = processType((read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' '));
      if (type === 'browser') out.browser += total;
      else if (type !== 'renderer') out.other += total;
      else {
        const ended = this.#ended.get(pid) ?? { page: 0, workers: 0 };
        this.#ended.set(pid, ended);
        const live = { page: 0, workers: 0 };
        for (const tid of tasks(pid)) {
          const t = stat(`/proc/${pid}/task/${tid}/stat`);
          if (!t) continue;
          const group = Number(tid) === pid ? 'page' : t.comm.startsWith('DedicatedWorker') ? 'workers' : undefined;
          if (!group) continue;
          const key = `${pid}/${tid}`;
          seen.add(key);
          this.#threads.set(key, { pid, group, ms: t.ticks * MS_PER_TICK });
          live[group] += t.ticks * MS_PER_TICK;
        }
        for (const [key, t] of this.#threads) {
          if (t.pid !== pid || seen.has(key)) continue;
          ended[t.group] += t.ms;
          this.#threads.delete(key);
        }
        const page = live.page + ended.page;
        const workers = live.workers + ended.workers;
        out.page += page;
        out.workers += workers;
        out.renderer_other += Math.max(0, total - page - workers);
      }
    }
    return out;
  }
}

/** What happened between two snapshots, with the total. */
export function cpuBetween(before, after) {
  const out = Object.fromEntries(CPU_GROUPS.map((g) => [g, Math.max(0, (after[g] ?? 0) - (before[g] ?? 0))]));
  out.total = CPU_GROUPS.reduce((sum, g) => sum + out[g], 0);
  return out;
}
