// From an approved plan to the steps the journal records: the moves, ordered by the scheduler
// so that none lands on an occupied path, with temporary names where chains or cycles need them.
import type { Plan } from './model.ts';
import { scheduleMoves } from './schedule.ts';

export interface JournalStep {
  kind: 'move';
  from: string;
  to: string;
  temporary?: boolean;
  /** Size and lastModified at scan time: the file's identity when recovering from a crash (move keeps both). */
  size: number;
  lastModified: number;
}

export interface PlannedSteps {
  steps: JournalStep[];
  /** Moves the scheduler refused (a target taken by a file that is not moving away). */
  refused: { from: string; to: string; reason: string }[];
}

export function journalSteps(plan: Plan, occupied: Iterable<string>, tempTag?: string): PlannedSteps {
  const moves = plan.operations.filter((o) => o.kind === 'move');
  const schedule = scheduleMoves(moves, occupied, tempTag ? { tempTag } : {});
  return {
    steps: schedule.steps.map((s) => ({
      kind: 'move' as const,
      from: s.from,
      to: s.to,
      size: moves[s.move]!.size,
      lastModified: moves[s.move]!.lastModified,
      ...(s.temporary ? { temporary: true } : {}),
    })),
    refused: schedule.rejected.map((r) => ({ from: moves[r.move]!.from, to: moves[r.move]!.to, reason: r.reason })),
  };
}
