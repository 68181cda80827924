// The code of the exported PowerShell scripts (plan-script-ps.ts puts the plan's data after it).
// Windows PowerShell 5.1 and PowerShell 7. Names arrive as arguments, never as code.

// The same engine as the sh script's (see plan-script-sh-engine.ts), step for step. Messages are built
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

# A folder renamed only in case, once its files are parked: its old spelling goes, with its
# subfolders, deepest first, if they hold no files (Delete without recursion refuses any other),
# so that a disk that ignores case makes the new spelling. Running it twice is harmless.
function Remove-CaseRenamed([int]$N, [string]$Folder) {
  if ($script:Phase -ne 'move' -or $N -gt $script:Last) { return }
  $full = Full $Folder
  if (-not [IO.Directory]::Exists($full)) { return }
  $inside = @([IO.Directory]::GetDirectories($full, '*', [IO.SearchOption]::AllDirectories) | Sort-Object Length -Descending)
  foreach ($dir in $inside + $full) { try { [IO.Directory]::Delete($dir, $false) } catch { } }
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

export const ORGANIZE_ENGINE = String.raw`${COMMON_ENGINE}
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

export const UNDO_ENGINE = String.raw`${COMMON_ENGINE}
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
