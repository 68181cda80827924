// The apply journal as values: what a run intends, how far it got, how a step that was in flight
// when the tab died is recognised, and what undoes it. Storage and the disk live in the apply edge.

import type { LibraryPath } from './model.ts';
import { invertSteps, type Step } from './schedule.ts';

export type RunStatus = 'planned' | 'running' | 'done' | 'rolled-back' | 'interrupted';
export type StepState = 'pending' | 'done' | 'failed';

export interface JournalStep extends Step {
  state: StepState;
  /** Size of the file this step carries, as scanned: tells our file from a stranger at the target. */
  size: number;
  /** Plain-language reason when the step failed or was skipped. */
  error?: string;
}

export interface RunRecord {
  id: string;
  startedAt: number;
  /** The path template text the plan was made with, shown in the history. */
  template: string;
  /** Name of the granted library folder. */
  rootName: string;
  steps: JournalStep[];
  status: RunStatus;
}

export interface StepObservation {
  sourceExists: boolean;
  targetExists: boolean;
  /** Size of the file found at the target, when one was found and measured. */
  targetSize?: number;
  expectedSize: number;
}

export type StepRecovery = 'done' | 'pending' | 'ambiguous';

/** A run before its first step: every step pending. `sizeOfMove` gives the size per input move. */
export function planRun(
  meta: { id: string; startedAt: number; template: string; rootName: string },
  steps: readonly Step[],
  sizeOfMove: (move: number) => number,
): RunRecord {
  return {
    ...meta,
    status: 'planned',
    steps: steps.map((step) => ({ ...step, state: 'pending', size: sizeOfMove(step.move) })),
  };
}

/**
 * What became of a step after a crash. A step recorded as done stays done: later steps may have
 * carried its file on, so looking at its target proves nothing. Otherwise the disk decides.
 * Source and target never share a key (case-only renames go through a temporary name), so
 * "exists" is unambiguous even on a disk that ignores case.
 */
export function recoverStep(step: { state: StepState }, observed: StepObservation): StepRecovery {
  if (step.state === 'done') return 'done';
  const { sourceExists, targetExists, targetSize, expectedSize } = observed;
  if (sourceExists && !targetExists) return 'pending';
  if (!sourceExists && targetExists && (targetSize === undefined || targetSize === expectedSize)) return 'done';
  // Both present (an interrupted copy?), neither, or a stranger at the target: a person decides.
  return 'ambiguous';
}

/**
 * The step whose fate a crash left unknown: the first pending step of a run that was running.
 * Steps run strictly in order, so everything after it never started.
 */
export function stepInFlight(run: Pick<RunRecord, 'status' | 'steps'>): number | undefined {
  if (run.status !== 'running' && run.status !== 'interrupted') return undefined;
  const index = run.steps.findIndex((step) => step.state === 'pending');
  return index < 0 ? undefined : index;
}

/**
 * The steps that put back what a run moved: the done steps, inverted in reverse order. Valid
 * whenever the done steps were each checked against the disk model before they ran (see
 * PathOccupancy): the inverse of any valid sequence is valid from where it ended.
 */
export function undoPlan(run: Pick<RunRecord, 'steps'>): Step[] {
  const done = run.steps.filter((step) => step.state === 'done').map(({ from, to, temporary, move }) => (temporary ? { from, to, temporary, move } : { from, to, move }));
  return invertSteps(done);
}

/** Files a crash may have left under temporary names: parked by a done step, not yet moved on. */
export function strandedTemporaries(run: Pick<RunRecord, 'steps'>): LibraryPath[] {
  const parked = new Set<LibraryPath>();
  for (const step of run.steps) {
    if (step.state !== 'done') continue;
    if (step.temporary) parked.add(step.to);
    parked.delete(step.from);
  }
  return [...parked];
}
