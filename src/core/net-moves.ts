// Where each file of a run started and where it ended, following it through temporary names:
// what the read cache needs to know after an apply or an undo.

export function netMoves(steps: readonly { from: string; to: string }[], skippedFrom: ReadonlySet<string> = new Set()): { from: string; to: string }[] {
  const origin = new Map<string, string>();
  for (const s of steps) {
    if (skippedFrom.has(s.from)) continue;
    const start = origin.get(s.from) ?? s.from;
    origin.delete(s.from);
    origin.set(s.to, start);
  }
  return [...origin].filter(([to, from]) => to !== from).map(([to, from]) => ({ from, to }));
}
