// Crash recovery for runs whose steps run several at a time: the executor's rules are modelled
// here step by step (start in order, never two steps on one path at once, journal in batches, a
// folder removal recorded alone), a crash is put at a random moment, and recovery must name
// exactly the steps that changed the disk without being recorded.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { unrecordedSteps, unrecordedStepsInFlight, type RecoverableStep } from '../../src/core/recover.ts';
import { scheduleMoves } from '../../src/core/schedule.ts';
import { pathKey } from '../../src/core/library-path.ts';
import { baseSeed } from './seeds.ts';

function schedule(files: string[], moves: { from: string; to: string }[]): RecoverableStep[] {
  const { steps } = scheduleMoves(moves, files, { tempTag: 't' });
  const origin = new Map(files.map((f) => [f, f]));
  return steps.map((s) => {
    if ('removeFolder' in s) return { from: s.from, to: s.to, identity: '', repeatable: true };
    const identity = origin.get(s.from)!;
    origin.delete(s.from);
    origin.set(s.to, identity);
    return { from: s.from, to: s.to, identity };
  });
}

interface Crash {
  recorded: Set<number>;
  /** Steps that changed the disk and were not recorded. */
  unrecorded: number[];
  identityAt: (p: string) => string | undefined;
}

/**
 * The executor's rules, with the choices the browser makes (which step finishes first, when the
 * crash comes, whether a step in flight at the crash reached the disk) taken from `pick`.
 */
function crashedRun(files: string[], steps: RecoverableStep[], width: number, batch: number, pick: (n: number) => number, events: number): Crash {
  const disk = new Map(files.map((f) => [pathKey(f), f]));
  const apply = (s: RecoverableStep) => {
    if (s.repeatable) return;
    disk.delete(pathKey(s.from));
    disk.set(pathKey(s.to), s.identity);
  };
  const keys = (s: RecoverableStep) => [pathKey(s.from), pathKey(s.to)];
  const recorded = new Set<number>();
  let buffer: number[] = [];
  let running: number[] = [];
  let next = 0;
  const held = () => new Set(running.flatMap((i) => keys(steps[i]!)));
  const pending = () => running.length + buffer.length;
  for (let e = 0; e < events; e++) {
    const step = steps[next];
    const canStart = step !== undefined && running.length < width && pending() < batch + width
      && (step.repeatable ? running.length === 0 && buffer.length === 0 : !keys(step).some((k) => held().has(k)));
    const choice = pick(3);
    if (canStart && (choice === 0 || running.length === 0)) {
      if (step.repeatable) {
        apply(step);
        recorded.add(next);
      } else running.push(next);
      next++;
    } else if (running.length > 0 && choice === 1) {
      const [done] = running.splice(pick(running.length), 1);
      apply(steps[done!]!);
      buffer.push(done!);
    } else if (buffer.length >= batch || (running.length === 0 && !canStart && buffer.length > 0)) {
      for (const i of buffer) recorded.add(i);
      buffer = [];
    }
  }
  // The crash: each step in flight did or did not reach the disk.
  const reached = running.filter(() => pick(2) === 1);
  for (const i of reached) apply(steps[i]!);
  return { recorded, unrecorded: [...buffer, ...reached].sort((a, b) => a - b), identityAt: (p) => disk.get(pathKey(p)) };
}

describe('recovery with steps in flight', () => {
  test('two independent moves, the later one finished first: found as a set, where a prefix would miss it', () => {
    const files = ['a', 'b'];
    const steps = schedule(files, [{ from: 'a', to: 'x/a' }, { from: 'b', to: 'x/b' }]);
    const disk = new Map([['a', 'a'], ['x/b', 'b']]);
    const identityAt = (p: string) => disk.get(p);
    expect(unrecordedStepsInFlight(steps, new Set(), identityAt, 10)).toEqual([1]);
    // The one-at-a-time model cannot explain this disk and finds nothing.
    expect(unrecordedSteps(steps, new Set(), identityAt)).toEqual([]);
  });

  test('a swap whose parking is recorded and whose last step ran unrecorded while an independent move did not', () => {
    const files = ['a', 'b', 'c'];
    const steps = schedule(files, [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }, { from: 'c', to: 'd' }]);
    expect(steps.map((s) => `${s.from}>${s.to}`)).toEqual(['c>d', 'a>.mo-tmp-t-0-a', 'b>a', '.mo-tmp-t-0-a>b']);
    const disk = new Map([['c', 'c'], ['a', 'b'], ['b', 'a']]);
    expect(unrecordedStepsInFlight(steps, new Set([1]), (p) => disk.get(p), 10)).toEqual([2, 3]);
  });

  test('a case-only rename that finished unrecorded looks, by path key, as if it never ran (as in a run one step at a time)', () => {
    // Harmless: resuming runs it again, which finds the file already under its new spelling.
    const steps = schedule(['y/A'], [{ from: 'y/A', to: 'y/a' }]);
    const disk = new Map([['y/a', 'y/A']]);
    expect(unrecordedStepsInFlight(steps, new Set(), (p) => disk.get(pathKey(p)), 10)).toEqual([]);
  });

  test('property: for random plans, widths, batches and crash moments, exactly the unrecorded steps that ran are found', () => {
    // No two names differ only in case within one folder: see the case-only rename above.
    const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'x/a', 'x/b', 'y/A', 'Y/b', 'z/c');
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 10, comparator: (p, q) => pathKey(p) === pathKey(q) }),
        fc.array(fc.tuple(name, name), { maxLength: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        fc.nat({ max: 120 }),
        (existing, pairs, width, batch, choices, events) => {
          const moves = pairs.filter(([from]) => existing.includes(from)).map(([from, to]) => ({ from, to }));
          const steps = schedule(existing, moves);
          let c = 0;
          const pick = (n: number) => choices[c++ % choices.length]! % n;
          const crash = crashedRun(existing, steps, width, batch, pick, events);
          expect(unrecordedStepsInFlight(steps, crash.recorded, crash.identityAt, batch + width)).toEqual(crash.unrecorded);
          // A window larger than needed changes nothing: steps that never started are seen as not run.
          expect(unrecordedStepsInFlight(steps, crash.recorded, crash.identityAt, steps.length)).toEqual(crash.unrecorded);
        },
      ),
      { numRuns: 2000, seed: baseSeed },
    );
  });
});
