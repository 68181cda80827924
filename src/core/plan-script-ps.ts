// The plan as a PowerShell script (Windows PowerShell 5.1, PowerShell 7 on any system). Files are
// touched only through .NET methods (File.Move, Directory.CreateDirectory…), which never read
// '[', ']', '*' or '?' as wildcards, and the one cmdlet given a path gets it as -LiteralPath.
// The script starts with a UTF-8 byte order mark: without one, Windows PowerShell 5.1 reads a
// script in the legacy code page and every non-ASCII name would come out wrong.
import type { DeleteStep, JournalStep } from './steps.ts';
import { headerLines, printable, scriptPlan, unusedLine, type ScriptInfo, type ScriptPlan, type ScriptStep, type TidyFolder } from './plan-script.ts';

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
export function powerShellScript(steps: readonly (JournalStep | DeleteStep)[], info: ScriptInfo): string {
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
    stepsFunction(plan.organize),
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
  const header = comment([
    ...headerLines(plan, info, 'undo'),
    '',
    'Run it with the music folder:   powershell -ExecutionPolicy Bypass -File .\\this-script.undo.ps1 "D:\\Music"',
    '',
    'The organize script recorded at the end of this file each move it finished, so this script',
    'undoes exactly those, last first, with the same care: it checks every step before it changes',
    'anything and never overwrites a file. If it stops on an error, put the problem right and run it',
    'again: it records its own progress too, and carries on where it stopped.',
  ]);
  const data = [stepsFunction(plan.undo), tidyFunction(plan.undoFolders)];
  const mark = unusedLine([...header, ...data].join('\n'), '# Progress: lines below this one are written by the scripts. Keep them.');
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

function stepsFunction(steps: ScriptStep[]): string {
  // One call per step: Move-Step NUMBER MADE_BY FREED_BY FROM TO (see the engine).
  return ['function Invoke-Plan {', ...steps.map((s) => `Move-Step ${s.n} ${s.madeBy} ${s.freedBy} ${psQuote(s.from)} ${psQuote(s.to)}`), '}', ''].join('\n');
}

function tidyFunction(folders: TidyFolder[]): string {
  return ['function Invoke-Tidy {', ...folders.map((f) => `Remove-Folder ${f.n} ${psQuote(f.folder)}`), '}', ''].join('\n');
}

// The same engine as the sh script's (see plan-script-sh.ts), step for step. Messages are built
// with -f from single-quoted formats, so nothing in a name is ever expanded.
const COMMON_ENGINE = String.raw`
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$Separator = [string][IO.Path]::DirectorySeparatorChar
$script:Phase = 'check'
$script:Last = $Steps
$script:Upto = $Steps
$script:Started = $false
$script:Count = 0
$script:Todo = 0
$script:Wanted = 0
$script:FoundFrom = ''
$script:FoundTo = ''
$script:Removed = 0
$script:Root = ''
$script:RootShown = ''
$script:Self = ''

function Show([string]$Text) { [Console]::Out.WriteLine($Text) }
function Quoted([string]$Text) { return "'" + $Text.Replace("'", "''") + "'" }
function Full([string]$Path) { return $script:Root + $Separator + $Path.Replace('/', $Separator) }
function There([string]$Path) { $full = Full $Path; return ([IO.File]::Exists($full) -or [IO.Directory]::Exists($full)) }
function Counts([int]$Step) { return ($Step -ne 0 -and $Step -le $script:Upto) }
function Usage {
  [Console]::Error.WriteLine('Usage: powershell -ExecutionPolicy Bypass -File <this script> <the music folder you chose in Music Organizer>')
  exit 2
}

function Find-Self {
  if (-not $PSCommandPath) {
    [Console]::Error.WriteLine('Run this script as a file: powershell -ExecutionPolicy Bypass -File <this script> <music folder>')
    exit 2
  }
  $script:Self = $PSCommandPath
}

function Enter-Library([string]$Path) {
  try { $script:RootShown = (Resolve-Path -LiteralPath $Path).ProviderPath } catch { Fail ('the music folder "{0}" is not there.' -f $Path) }
  if (-not [IO.Directory]::Exists($script:RootShown)) { Fail ('"{0}" is not a folder.' -f $Path) }
  $root = $script:RootShown.TrimEnd('\', '/')
  # Windows: the \\?\ form lifts the 260-character limit and takes names exactly as written.
  if ($Separator -eq '\' -and -not $root.StartsWith('\\?\')) {
    if ($root.StartsWith('\\')) { $root = '\\?\UNC\' + $root.Substring(2) } else { $root = '\\?\' + $root }
  }
  $script:Root = $root
  Show ('Music folder: ' + $script:RootShown)
}

function Move-Step([int]$N, [int]$MadeBy, [int]$FreedBy, [string]$From, [string]$To) {
  if ($N -gt $script:Last) { return }
  if ($script:Phase -eq 'check') { Test-Step $N $MadeBy $FreedBy $From $To }
  elseif ($script:Phase -eq 'move') { Invoke-Step $N $From $To }
  elseif ($N -eq $script:Wanted) { $script:FoundFrom = $From; $script:FoundTo = $To }
}

# Before anything changes: the file is there (or an earlier step brings it), the target is free
# (or an earlier step frees it), and no file stands where the target's folders go.
function Test-Step([int]$N, [int]$MadeBy, [int]$FreedBy, [string]$From, [string]$To) {
  $script:Todo++
  if (-not (Counts $MadeBy) -and -not [IO.File]::Exists((Full $From))) {
    Fail ('step {0}: "{1}" is not in the music folder. Is this the folder the plan was made for?' -f $N, $From)
  }
  if (-not (Counts $FreedBy) -and (There $To)) { Fail ('step {0}: "{1}" already exists; moving "{2}" there would overwrite it.' -f $N, $To, $From) }
  $folder = $To
  while ($folder.Contains('/')) {
    $folder = $folder.Substring(0, $folder.LastIndexOf('/'))
    if ([IO.File]::Exists((Full $folder))) { Fail ('step {0}: "{1}" is a file, but "{2}" needs a folder of that name.' -f $N, $folder, $To) }
  }
}

function Invoke-Step([int]$N, [string]$From, [string]$To) {
  if (-not (There $From)) { Fail ('step {0}: "{1}" is no longer there.' -f $N, $From) }
  if (There $To) { Fail ('step {0}: "{1}" already exists; nothing was overwritten.' -f $N, $To) }
  $slash = $To.LastIndexOf('/')
  if ($slash -gt 0) {
    $folder = $To.Substring(0, $slash)
    try { [void][IO.Directory]::CreateDirectory((Full $folder)) } catch { Fail ('step {0}: the folder "{1}" could not be created: {2}' -f $N, $folder, $_.Exception.Message) }
  }
  # File.Move without its overwrite flag refuses an existing target: a second guard.
  try { [IO.File]::Move((Full $From), (Full $To)) } catch { Fail ('step {0}: "{1}" could not be moved to "{2}": {3}' -f $N, $From, $To, $_.Exception.Message) }
  Save-Progress $N
  $script:Count++
  Show ('[{0}/{1}] {2} -> {3}' -f $script:Count, $script:Todo, $From, $To)
}

# Only empty folders go: Delete without recursion refuses any other. Deepest first, so a parent
# emptied by its children's removal goes too. The music folder itself is never on the list. The
# folders of the step after the last one done count too: a failed move may have left one empty.
function Remove-Folder([int]$N, [string]$Folder) {
  if ($N -gt $script:Upto + 1) { return }
  $full = Full $Folder
  if (-not [IO.Directory]::Exists($full)) { return }
  try { [IO.Directory]::Delete($full, $false); $script:Removed++ } catch { }
}
`;

const ORGANIZE_ENGINE = String.raw`${COMMON_ENGINE}
$script:UndoPath = ''

function Fail([string]$Problem) {
  [Console]::Error.WriteLine('')
  [Console]::Error.WriteLine('Stopped: ' + $Problem)
  if ($script:Started) {
    [Console]::Error.WriteLine(('{0} of {1} moves were done before this. To put those files back, run:' -f $script:Count, $script:Todo))
    [Console]::Error.WriteLine(('  powershell -ExecutionPolicy Bypass -File {0} {1}' -f (Quoted $script:UndoPath), (Quoted $script:RootShown)))
  } else {
    [Console]::Error.WriteLine('Nothing was changed.')
  }
  exit 1
}

function Save-Progress([int]$N) {
  try { [IO.File]::AppendAllText($script:UndoPath, '# done ' + $N + [char]10) }
  catch { Fail ('step {0} was done, but could not be recorded in the undo script "{1}".' -f $N, $script:UndoPath) }
}

function Remove-Clutter([long]$Size, [string]$Path) {
  $info = [IO.FileInfo]::new((Full $Path))
  if ($info.Exists -and $info.Length -eq $Size) {
    try { $info.Delete() } catch { Fail ('the clutter file "{0}" could not be deleted: {1}' -f $Path, $_.Exception.Message) }
    Show ('Deleted clutter: ' + $Path)
  } else {
    Show ('Kept {0}: it is gone or changed since the scan.' -f $Path)
  }
}

function Main([string]$Path) {
  if ($Path -eq '') { Usage }
  Find-Self
  $folder = [IO.Path]::GetDirectoryName($script:Self)
  $script:UndoPath = [IO.Path]::Combine($folder, [IO.Path]::GetFileNameWithoutExtension($script:Self) + '.undo.ps1')
  Enter-Library $Path
  if ([IO.File]::Exists($script:UndoPath) -or [IO.Directory]::Exists($script:UndoPath)) {
    Fail ('an undo script is already at "{0}". It may be the only way back from an earlier run: move it elsewhere (or delete it if that run was undone), then run this script again.' -f $script:UndoPath)
  }
  Show ('Checking all {0} moves before changing anything...' -f $Steps)
  $script:Phase = 'check'; Invoke-Plan
  Show 'Every file is there and no move overwrites anything.'
  try {
    # CreateNew: never replaces a file that is already there.
    $stream = [IO.FileStream]::new($script:UndoPath, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write)
    $writer = [IO.StreamWriter]::new($stream, [Text.UTF8Encoding]::new($true))
    try { $writer.Write((Get-UndoScript)) } finally { $writer.Close() }
  } catch { Fail ('the undo script could not be written to "{0}": {1}' -f $script:UndoPath, $_.Exception.Message) }
  Show ('Undo script written: ' + $script:UndoPath)
  $script:Started = $true
  $script:Phase = 'move'; Invoke-Plan
  Invoke-Clutter
  Invoke-Tidy
  Show ''
  Show ('Done: {0} files moved, {1} emptied folders removed.' -f $Files, $script:Removed)
  Show ('To undo:  powershell -ExecutionPolicy Bypass -File {0} {1}' -f (Quoted $script:UndoPath), (Quoted $script:RootShown))
}
`;

const UNDO_ENGINE = String.raw`${COMMON_ENGINE}
function Fail([string]$Problem) {
  [Console]::Error.WriteLine('')
  [Console]::Error.WriteLine('Stopped: ' + $Problem)
  if ($script:Started) {
    [Console]::Error.WriteLine(('{0} of {1} moves were undone before this. Put the problem right, then run this undo script again: it carries on where it stopped.' -f $script:Count, $script:Todo))
  } else {
    [Console]::Error.WriteLine('Nothing was changed.')
  }
  exit 1
}

function Save-Progress([int]$N) {
  try { [IO.File]::AppendAllText($script:Self, '# undone ' + $N + [char]10) }
  catch { Fail ('step {0} was undone, but could not be recorded in "{1}".' -f $N, $script:Self) }
}

# The progress lines after the mark: how far the organize run got (done), where an earlier run
# of this undo stopped (undone), and the organize progress that undo started from (from).
function Read-Progress {
  $script:DoneUpto = 0; $script:UndoneFrom = 0; $script:StartedFrom = -1
  $seen = $false
  foreach ($line in [IO.File]::ReadAllLines($script:Self)) {
    if (-not $seen) { if ($line -ceq $Mark) { $seen = $true }; continue }
    if ($line -match '^# done (\d+)$') { $script:DoneUpto = [int]$Matches[1] }
    elseif ($line -match '^# undone (\d+)$') {
      $n = [int]$Matches[1]
      if ($script:UndoneFrom -eq 0 -or $n -lt $script:UndoneFrom) { $script:UndoneFrom = $n }
    }
    elseif ($line -match '^# from (\d+)$') { $script:StartedFrom = [int]$Matches[1] }
  }
}

function Main([string]$Path) {
  if ($Path -eq '') { Usage }
  Find-Self
  Enter-Library $Path
  Read-Progress
  if ($script:StartedFrom -ge 0) { $script:Upto = $script:StartedFrom }
  else {
    $script:Upto = $script:DoneUpto
    # The organize script may have moved one more file than it recorded (stopped between the two).
    if ($script:Upto -lt $Steps) {
      $script:Wanted = $script:Upto + 1; $script:Phase = 'find'; Invoke-Plan
      if ((There $script:FoundFrom) -and -not (There $script:FoundTo)) { $script:Upto = $script:Wanted }
    }
  }
  $script:Last = $script:Upto
  if ($script:UndoneFrom -gt 0) { $script:Last = $script:UndoneFrom - 1 }
  # An earlier run of this undo may likewise have moved one more file back than it recorded.
  if ($script:StartedFrom -ge 0 -and $script:Last -ge 1) {
    $script:Wanted = $script:Last; $script:Phase = 'find'; Invoke-Plan
    if (-not (There $script:FoundFrom) -and (There $script:FoundTo)) { Save-Progress $script:Last; $script:Last-- }
  }
  if ($script:Last -eq 0) {
    Invoke-Tidy
    Show 'Nothing to undo: every move of the organize script is undone (or none was done).'
    return
  }
  Show ('Checking {0} moves back before changing anything...' -f $script:Last)
  $script:Phase = 'check'; Invoke-Plan
  Show 'Every file is where the organize script put it and nothing is overwritten.'
  if ($script:StartedFrom -lt 0) {
    try { [IO.File]::AppendAllText($script:Self, '# from ' + $script:Upto + [char]10) }
    catch { Fail ('this script cannot record its progress in itself ("{0}").' -f $script:Self) }
  }
  $script:Started = $true
  $script:Phase = 'move'; Invoke-Plan
  Invoke-Tidy
  Show ''
  Show ('Done: {0} moves undone, {1} emptied folders removed.' -f $script:Count, $script:Removed)
}
`;
