// The plan as a POSIX sh script, for macOS, Linux and NAS boxes (the tests run it with dash and bash).
// Names travel in single quotes, where the shell gives no character a meaning but the quote itself,
// and always behind './', so a name that starts with '-' is never read as an option.
import type { DeleteStep, MoveStep, OutputStep, RemoveFolderStep } from './journal-steps.ts';
import { caseRenameRemovals, headerLines, printable, PROGRESS_MARK, scriptPlan, undoHeaderLines, unusedLine, type ScriptInfo, type ScriptPlan, type ScriptStep, type TidyFolder } from './plan-script.ts';
import { ORGANIZE_ENGINE, UNDO_ENGINE } from './plan-script-sh-engine.ts';

/** `text` as one sh word that means exactly `text`: newlines, '$', '`', '\' and '"' included. */
export function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The organize script. It writes its undo script (see shUndoScript) beside itself before the first move. */
export function shScript(steps: readonly (MoveStep | RemoveFolderStep | DeleteStep | OutputStep)[], info: ScriptInfo): string {
  const plan = scriptPlan(steps);
  const undo = shUndoScript(plan, info);
  const delimiter = unusedLine(undo, 'MO_END_OF_UNDO_SCRIPT');
  return [
    '#!/bin/sh',
    ...comment([
      ...headerLines(plan, info, 'organize'),
      '',
      'Run it with the music folder (the folder you chose in Music Organizer):',
      '    sh this-script.sh /path/to/Music',
      '',
      'What it does, in this order:',
      ' 1. Checks every move before it changes anything: each file must be there, and no target may',
      '    be taken (unless an earlier move of this plan frees it). Any problem: it stops, nothing changed.',
      ' 2. Writes its undo script beside itself: the same name ending in .undo.sh. It never replaces one.',
      ' 3. Moves the files one by one (n/total), creating folders as needed. Right before each move it',
      '    checks again that the target is free: it never overwrites a file.',
      ...(plan.clutter.length > 0 ? [' 4. Deletes the clutter files you chose to delete, each only if its size is unchanged.'] : []),
      ` ${plan.clutter.length > 0 ? 5 : 4}. Removes the folders it emptied (rmdir: only empty ones), deepest first, never the music folder.`,
      'It stops at the first error and says what went wrong. The undo script puts back every file this',
      'script moved, even after an error:  sh this-script.undo.sh /path/to/Music',
    ]),
    '',
    'set -u',
    'unset CDPATH',
    `steps=${plan.organize.length}`,
    `files=${plan.files}`,
    ORGANIZE_ENGINE,
    stepsFunction(plan.organize, caseRenameRemovals(plan, 'organize')),
    tidyFunction(plan.organizeFolders),
    'plan_clutter() {',
    ...plan.clutter.map((c) => `clutter ${c.size} ${shQuote(c.path)}`),
    ':',
    '}',
    '',
    '# The undo script, written beside this one before the first move.',
    'undo_script() {',
    `cat <<'${delimiter}'`,
    undo + delimiter,
    '}',
    '',
    'main "$@"; exit $?',
    '',
  ].join('\n');
}

/** The undo script the organize script writes; it ends with the line after which progress is recorded. */
function shUndoScript(plan: ScriptPlan, info: ScriptInfo): string {
  const header = comment(undoHeaderLines(plan, info, 'sh this-script.undo.sh /path/to/Music'));
  const data = [stepsFunction(plan.undo, caseRenameRemovals(plan, 'undo')), tidyFunction(plan.undoFolders)];
  // The engine has no line like the mark; the names in the data and header might.
  const mark = unusedLine([...header, ...data].join('\n'), PROGRESS_MARK);
  return [
    '#!/bin/sh',
    ...header,
    '',
    'set -u',
    'unset CDPATH',
    `steps=${plan.undo.length}`,
    `mark=${shQuote(mark)}`,
    UNDO_ENGINE,
    ...data,
    'main "$@"; exit $?',
    mark,
    '',
  ].join('\n');
}

function comment(lines: string[]): string[] {
  return lines.map((line) => (line === '' ? '#' : `# ${printable(line)}`));
}

/**
 * One call per step: `step NUMBER MADE_BY FREED_BY FROM TO` (see the engine). A folder renamed
 * only in case is removed (`case_rename NUMBER FOLDER`) right before the step numbered `before`
 * in the list, when step NUMBER runs.
 */
function stepsFunction(steps: ScriptStep[], removals: { before: number; n: number; folder: string }[]): string {
  const lines = ['plan_steps() {'];
  for (const s of steps) {
    for (const r of removals) if (r.before === s.n) lines.push(`case_rename ${r.n} ${shQuote(r.folder)}`);
    lines.push(`step ${s.n} ${s.madeBy} ${s.freedBy} ${shQuote(s.from)} ${shQuote(s.to)}`);
  }
  return [...lines, ':', '}', ''].join('\n');
}

function tidyFunction(folders: TidyFolder[]): string {
  return ['plan_tidy() {', ...folders.map((f) => `tidy ${f.n} ${shQuote(f.folder)}`), ':', '}', ''].join('\n');
}
