// From an approved plan to the steps the journal records: the moves, ordered by the scheduler
// so that none lands on an occupied path, with temporary names where chains or cycles need them.
import type { Plan } from './model.ts';
import { scheduleMoves } from './schedule.ts';
import type { DeleteStep, MoveStep, OutputStep, RemoveFolderStep } from './journal-steps.ts';

export interface PlannedSteps {
  steps: (MoveStep | RemoveFolderStep | DeleteStep | OutputStep)[];
  /** Moves the scheduler refused (a target taken by a file that is not moving away). */
  refused: { from: string; to: string; reason: string }[];
}

export function journalSteps(plan: Pick<Plan, 'operations'> & Partial<Pick<Plan, 'outputs'>>, occupied: Iterable<string>, tempTag?: string): PlannedSteps {
  const moves = plan.operations.filter((o) => o.kind === 'move');
  const schedule = scheduleMoves(moves, occupied, tempTag ? { tempTag } : {});
  const moveSteps = schedule.steps.map((s): MoveStep | RemoveFolderStep => 'removeFolder' in s ? { kind: 'remove-folder', from: s.from, to: s.to } : ({
    kind: 'move' as const,
    from: s.from,
    to: s.to,
    size: moves[s.move]!.size,
    lastModified: moves[s.move]!.lastModified,
    ...(s.temporary ? { temporary: true } : {}),
  }));
  const deletes: DeleteStep[] = plan.operations.flatMap((o) =>
    o.kind === 'delete-junk' ? [{ kind: 'delete-junk' as const, from: o.path, to: '' as const, size: o.size, lastModified: o.lastModified }] : [],
  );
  // Outputs last: they list the files where the moves put them.
  const outputs = (plan.outputs ?? []).map((o): OutputStep =>
    o.kind === 'rewrite' ? { kind: 'rewrite-playlist', from: o.path, to: o.path, before: o.before ?? '', after: o.text } : { kind: 'write-output', from: '', to: o.path, text: o.text, by: o.by },
  );
  return {
    steps: [...moveSteps, ...deletes, ...outputs],
    refused: schedule.rejected.map((r) => ({ from: moves[r.move]!.from, to: moves[r.move]!.to, reason: r.reason })),
  };
}
