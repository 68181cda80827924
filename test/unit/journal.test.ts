import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planRun, recoverStep, stepInFlight, strandedTemporaries, undoPlan, type RunRecord } from '../../src/core/journal.ts';
import { PathOccupancy, scheduleMoves, simulate, type DesiredMove } from '../../src/core/schedule.ts';

const meta = { id: 'r1', startedAt: 1, template: '$albumartist/$album/$track $title', rootName: 'Music' };

describe('recoverStep', () => {
  const pending = { state: 'pending' as const };
  it.each([
    [{ sourceExists: true, targetExists: false, expectedSize: 10 }, 'pending'],
    [{ sourceExists: false, targetExists: true, targetSize: 10, expectedSize: 10 }, 'done'],
    [{ sourceExists: false, targetExists: true, expectedSize: 10 }, 'done'],
    [{ sourceExists: false, targetExists: true, targetSize: 3, expectedSize: 10 }, 'ambiguous'],
    [{ sourceExists: true, targetExists: true, targetSize: 10, expectedSize: 10 }, 'ambiguous'],
    [{ sourceExists: false, targetExists: false, expectedSize: 10 }, 'ambiguous'],
  ] as const)('%o → %s', (observed, expected) => {
    expect(recoverStep(pending, observed)).toBe(expected);
  });

  it('trusts a step the journal recorded as done, whatever the disk shows now', () => {
    expect(recoverStep({ state: 'done' }, { sourceExists: false, targetExists: false, expectedSize: 1 })).toBe('done');
  });
});

describe('runs', () => {
  const swap = scheduleMoves(
    [
      { from: 'A.mp3', to: 'B.mp3' },
      { from: 'B.mp3', to: 'A.mp3' },
    ],
    ['A.mp3', 'B.mp3'],
    { tempTag: 'r1' },
  );

  it('plans every step pending, with the size of the file it carries', () => {
    const run = planRun(meta, swap.steps, (move) => [100, 200][move]!);
    expect(run.status).toBe('planned');
    expect(run.steps.map((s) => [s.state, s.size])).toEqual([
      ['pending', 100],
      ['pending', 200],
      ['pending', 100],
    ]);
  });

  it('finds the step in flight only in a run that was running', () => {
    const run = planRun(meta, swap.steps, () => 1);
    run.steps[0]!.state = 'done';
    expect(stepInFlight({ ...run, status: 'running' })).toBe(1);
    expect(stepInFlight({ ...run, status: 'interrupted' })).toBe(1);
    expect(stepInFlight({ ...run, status: 'done' })).toBeUndefined();
  });

  it('undoes a half-done swap and names the file left parked', () => {
    const run = planRun(meta, swap.steps, () => 1);
    run.steps[0]!.state = 'done';
    expect(strandedTemporaries(run)).toEqual(['.mo-tmp-r1-0-A.mp3']);
    expect(undoPlan(run)).toEqual([{ from: '.mo-tmp-r1-0-A.mp3', to: 'A.mp3', move: 0 }]);
    run.steps.forEach((s) => (s.state = 'done'));
    expect(strandedTemporaries(run)).toEqual([]);
    expect(undoPlan(run).map((s) => [s.from, s.to])).toEqual([
      ['B.mp3', '.mo-tmp-r1-0-A.mp3'],
      ['A.mp3', 'B.mp3'],
      ['.mo-tmp-r1-0-A.mp3', 'A.mp3'],
    ]);
  });
});

// An apply that checks each step against the disk model and skips it when an earlier failure
// left its target occupied or its source elsewhere, as the apply stage is meant to.
function execute(run: RunRecord, files: string[], fails: Set<number>): Set<string> {
  const model = new PathOccupancy(files);
  run.status = 'running';
  run.steps.forEach((step, i) => {
    const problem = model.check(step) ?? (fails.has(i) ? 'the disk refused' : undefined);
    if (problem !== undefined) {
      step.state = 'failed';
      step.error = problem;
      return;
    }
    model.apply(step);
    step.state = 'done';
  });
  run.status = 'done';
  return model.files;
}

const pathArb = fc
  .tuple(fc.constantFrom('', 'a', 'A', 'b'), fc.constantFrom('x', 'X', 'y', 'z'))
  .map(([folder, name]) => (folder === '' ? name : `${folder}/${name}`));

describe('undo after partial failure', () => {
  it('restores the original files whichever steps failed', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(pathArb, { selector: (p) => p.toLowerCase(), maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.nat(), pathArb)), { maxLength: 12 }),
        fc.array(fc.nat({ max: 30 }), { maxLength: 5 }),
        (paths, pairs, failing) => {
          const files = paths.filter((p) => !paths.some((q) => q.toLowerCase().startsWith(`${p.toLowerCase()}/`)));
          const at = (n: number | string) => (typeof n === 'string' ? n : (files[n % Math.max(files.length, 1)] ?? 'missing'));
          const moves: DesiredMove[] = pairs.map(([from, to]) => ({ from: at(from), to: at(to) }));
          const schedule = scheduleMoves(moves, files, { tempTag: 'u' });
          const run = planRun(meta, schedule.steps, () => 1);
          const after = execute(run, files, new Set(failing));
          const undo = simulate(undoPlan(run), after);
          if (!undo.ok) throw new Error(`undo step ${undo.step}: ${undo.reason}`);
          expect([...undo.final].sort()).toEqual([...files].sort());
          // Whatever is parked under a temporary name is exactly what the journal says is stranded.
          expect([...after].filter((p) => p.includes('.mo-tmp-')).sort()).toEqual(strandedTemporaries(run).sort());
        },
      ),
      { numRuns: 1000 },
    );
  });
});
