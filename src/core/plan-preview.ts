// What of a plan crosses from the planner worker to the page. The page already holds every
// recording (it scanned them), so releases travel as summaries; the moves travel in slices so
// that no single message takes the page's thread for long (50,000 moves are tens of MB cloned).
import type { Operation, Plan, PlanPreview, ReleaseSummary } from './model.ts';

/** Moves (or journal steps) per message from the planner: a slice clones in a few milliseconds. */
export const OPERATIONS_PER_SLICE = 4000;

export interface PlanHead extends Omit<PlanPreview, 'operations'> {
  operationCount: number;
}

export function summarizeRelease({ recordings, companions, ...rest }: Plan['releases'][number]): ReleaseSummary {
  void companions;
  return { ...rest, tracks: recordings.length };
}

/** The plan without its moves, which follow in slices (see `operationSlice`). */
export function planHead(plan: Plan, id: number): PlanHead {
  return {
    id,
    operationCount: plan.operations.length,
    unchanged: plan.unchanged,
    unreadable: plan.unreadable,
    conflicts: plan.conflicts,
    releases: plan.releases.map(summarizeRelease),
    duplicates: plan.duplicates,
    excluded: plan.excluded,
    choices: plan.choices,
    ...(plan.outputs?.length ? { outputs: plan.outputs.map(({ kind, path, by }) => ({ kind, path, by })) } : {}),
    ...(plan.outputNotes?.length ? { outputNotes: plan.outputNotes } : {}),
  };
}

export function operationSlice(plan: Plan, start: number): Operation[] {
  return plan.operations.slice(start, start + OPERATIONS_PER_SLICE);
}
