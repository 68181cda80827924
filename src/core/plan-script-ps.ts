// The plan as a PowerShell script (Windows PowerShell 5.1, PowerShell 7 on any system). Files are
// touched only through .NET methods (File.Move, Directory.CreateDirectory…), which never read
// '[', ']', '*' or '?' as wildcards, and the one cmdlet given a path gets it as -LiteralPath.
// The script starts with a UTF-8 byte order mark: without one, Windows PowerShell 5.1 reads a
// script in the legacy code page and every non-ASCII name would come out wrong.
import type { DeleteStep, MoveStep, OutputStep, RemoveFolderStep } from './journal-steps.ts';
import { caseRenameRemovals, headerLines, printable, PROGRESS_MARK, scriptPlan, undoHeaderLines, unusedLine, type ScriptInfo, type ScriptPlan, type ScriptStep, type TidyFolder } from './plan-script.ts';
import { ORGANIZE_ENGINE, UNDO_ENGINE } from './plan-script-ps-engine.ts';

export const BYTE_ORDER_MARK = '\uFEFF';

/** PowerShell reads these four as well as ' as a single quote, so each is doubled inside a literal. */
const SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;
/** Control characters and line separators: spelled [char]0x…, so no script line ever breaks inside a name. */
// eslint-disable-next-line no-control-regex
const SPELLED_OUT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** `text` as one PowerShell expression that means exactly `text` and expands nothing. */
export function psQuote(text: string): string {
  const pieces: string[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') pieces.push(`'${literal.replace(SINGLE_QUOTES, (q) => q + q)}'`);
    literal = '';
  };
  for (const ch of text) {
    if (!SPELLED_OUT.test(ch)) {
      literal += ch;
      continue;
    }
    flush();
    pieces.push(`[char]0x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  }
  flush();
  if (pieces.length === 0) return "''";
  if (pieces.length === 1 && pieces[0]!.startsWith("'")) return pieces[0]!;
  // A sum that starts with a string is a string; one that starts with [char] would be arithmetic.
  if (!pieces[0]!.startsWith("'")) pieces.unshift("''");
  return `(${pieces.join(' + ')})`;
}

/** The organize script, with its BOM. It writes its undo script beside itself before the first move. */
export function powerShellScript(steps: readonly (MoveStep | RemoveFolderStep | DeleteStep | OutputStep)[], info: ScriptInfo): string {
  const plan = scriptPlan(steps);
  const undo = powerShellUndoScript(plan, info);
  return BYTE_ORDER_MARK + [
    ...comment([
      ...headerLines(plan, info, 'organize'),
      '',
      'Run it in PowerShell with the music folder (the folder you chose in Music Organizer):',
      '    powershell -ExecutionPolicy Bypass -File .\\this-script.ps1 "D:\\Music"',
      '',
      'What it does, in this order:',
      ' 1. Checks every move before it changes anything: each file must be there, and no target may',
      '    be taken (unless an earlier move of this plan frees it). Any problem: it stops, nothing changed.',
      ' 2. Writes its undo script beside itself: the same name ending in .undo.ps1. It never replaces one.',
      ' 3. Moves the files one by one (n/total), creating folders as needed. Right before each move it',
      '    checks again that the target is free: it never overwrites a file.',
      ...(plan.clutter.length > 0 ? [' 4. Deletes the clutter files you chose to delete, each only if its size is unchanged.'] : []),
      ` ${plan.clutter.length > 0 ? 5 : 4}. Removes the folders it emptied (only empty ones), deepest first, never the music folder.`,
      'It stops at the first error and says what went wrong. The undo script puts back every file this',
      'script moved, even after an error:  powershell -ExecutionPolicy Bypass -File .\\this-script.undo.ps1 "D:\\Music"',
    ]),
    '#Requires -Version 5.1',
    "param([string]$Library = '')",
    '',
    `$Steps = ${plan.organize.length}`,
    `$Files = ${plan.files}`,
    ORGANIZE_ENGINE,
    stepsFunction(plan.organize, caseRenameRemovals(plan, 'organize')),
    tidyFunction(plan.organizeFolders),
    'function Invoke-Clutter {',
    ...plan.clutter.map((c) => `Remove-Clutter ${c.size} ${psQuote(c.path)}`),
    '}',
    '',
    '# The undo script, written beside this one before the first move.',
    'function Get-UndoScript {',
    // A single-quoted here-string ends at a line starting with '@; every line of the undo is the
    // generator's own (names never break a line), and none starts so. The blank line keeps the final newline.
    "return @'",
    `${undo}`,
    "'@",
    '}',
    '',
    'Main $Library',
    'exit 0',
    '',
  ].join('\n');
}

/** The undo script the organize script writes (without BOM: the organize script writes one). */
export function powerShellUndoScript(plan: ScriptPlan, info: ScriptInfo): string {
  const header = comment(undoHeaderLines(plan, info, 'powershell -ExecutionPolicy Bypass -File .\\this-script.undo.ps1 "D:\\Music"'));
  const data = [stepsFunction(plan.undo, caseRenameRemovals(plan, 'undo')), tidyFunction(plan.undoFolders)];
  const mark = unusedLine([...header, ...data].join('\n'), PROGRESS_MARK);
  const text = [
    ...header,
    '#Requires -Version 5.1',
    "param([string]$Library = '')",
    '',
    `$Steps = ${plan.undo.length}`,
    `$Mark = ${psQuote(mark)}`,
    UNDO_ENGINE,
    ...data,
    'Main $Library',
    'exit 0',
    mark,
    '',
  ].join('\n');
  if (/^['\u2018\u2019\u201a\u201b]@/m.test(text)) throw new Error('The undo script has a line that would end its here-string.');
  return text;
}

function comment(lines: string[]): string[] {
  return lines.map((line) => (line === '' ? '#' : `# ${printable(line)}`));
}

/**
 * One call per step: Move-Step NUMBER MADE_BY FREED_BY FROM TO (see the engine). A folder renamed
 * only in case is removed (Remove-CaseRenamed NUMBER FOLDER) right before the step numbered
 * `before` in the list, when step NUMBER runs.
 */
function stepsFunction(steps: ScriptStep[], removals: { before: number; n: number; folder: string }[]): string {
  const lines = ['function Invoke-Plan {'];
  for (const s of steps) {
    for (const r of removals) if (r.before === s.n) lines.push(`Remove-CaseRenamed ${r.n} ${psQuote(r.folder)}`);
    lines.push(`Move-Step ${s.n} ${s.madeBy} ${s.freedBy} ${psQuote(s.from)} ${psQuote(s.to)}`);
  }
  return [...lines, '}', ''].join('\n');
}

function tidyFunction(folders: TidyFolder[]): string {
  return ['function Invoke-Tidy {', ...folders.map((f) => `Remove-Folder ${f.n} ${psQuote(f.folder)}`), '}', ''].join('\n');
}
