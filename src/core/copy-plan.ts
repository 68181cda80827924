// Copy mode: the organized library is written into another folder. Every file the plan places —
// moved or already in place — is copied to its target there; unreadable and unplaced files stay.
import type { FileEntry, Plan } from './model.ts';
import type { CopyStep } from './journal-steps.ts';

export function copySteps(plan: Pick<Plan, 'operations' | 'unchanged'>, files: ReadonlyMap<string, FileEntry>, deleteSource: boolean): CopyStep[] {
  const steps: CopyStep[] = [];
  for (const op of plan.operations) {
    if (op.kind === 'move') steps.push({ kind: 'copy', from: op.from, to: op.to, size: op.size, lastModified: op.lastModified, deleteSource });
  }
  for (const path of plan.unchanged) {
    const file = files.get(path);
    if (file) steps.push({ kind: 'copy', from: path, to: path, size: file.size, lastModified: file.lastModified, deleteSource });
  }
  return steps.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}
