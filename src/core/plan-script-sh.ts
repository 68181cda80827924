// The plan as a POSIX sh script (dash, bash, zsh's sh mode, busybox ash: macOS, Linux, NAS boxes).
// Names travel in single quotes, where the shell gives no character a meaning but the quote itself,
// and always behind './', so a name that starts with '-' is never read as an option.
import type { DeleteStep, JournalStep } from './steps.ts';
import { headerLines, printable, scriptPlan, unusedLine, type ScriptInfo, type ScriptPlan, type ScriptStep, type TidyFolder } from './plan-script.ts';

/** `text` as one sh word that means exactly `text`: newlines, '$', '`', '\' and '"' included. */
export function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The organize script. It writes its undo script (see shUndoScript) beside itself before the first move. */
export function shScript(steps: readonly (JournalStep | DeleteStep)[], info: ScriptInfo): string {
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
    stepsFunction(plan.organize),
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
  const header = comment([
    ...headerLines(plan, info, 'undo'),
    '',
    'Run it with the music folder:   sh this-script.undo.sh /path/to/Music',
    '',
    'The organize script recorded at the end of this file each move it finished, so this script',
    'undoes exactly those, last first, with the same care: it checks every step before it changes',
    'anything and never overwrites a file. If it stops on an error, put the problem right and run it',
    'again: it records its own progress too, and carries on where it stopped.',
  ]);
  const data = [stepsFunction(plan.undo), tidyFunction(plan.undoFolders)];
  // The engine has no line like the mark; the names in the data and header might.
  const mark = unusedLine([...header, ...data].join('\n'), '# Progress: lines below this one are written by the scripts. Keep them.');
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

function stepsFunction(steps: ScriptStep[]): string {
  // One call per step: `step NUMBER MADE_BY FREED_BY FROM TO` (see the engine).
  return ['plan_steps() {', ...steps.map((s) => `step ${s.n} ${s.madeBy} ${s.freedBy} ${shQuote(s.from)} ${shQuote(s.to)}`), ':', '}', ''].join('\n');
}

function tidyFunction(folders: TidyFolder[]): string {
  return ['plan_tidy() {', ...folders.map((f) => `tidy ${f.n} ${shQuote(f.folder)}`), ':', '}', ''].join('\n');
}

// What both scripts share: checking a step, doing it, removing emptied folders. `step` runs once
// per phase: 'check' (before anything changes), 'move', or 'find' (look one step up by number).
// A step counts only up to `last`; a step number below `upto` is one that happens in this run.
const COMMON_ENGINE = shell`
phase=check
last=$steps
upto=$steps
started=no
count=0
todo=0
wanted=0
found_from=
found_to=
removed=0

there() { [ -e "./$1" ] || [ -L "./$1" ]; }
counts() { [ "$1" -ne 0 ] && [ "$1" -le "$upto" ]; }
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
usage() {
  printf 'Usage: sh %s /path/to/Music\n(the music folder you chose in Music Organizer)\n' "$(quote "$0")" >&2
  exit 2
}

# Where this script is, before leaving for the music folder: its undo (or its progress) is beside it.
find_self() {
  case $0 in */*) self=$0 ;; *) self=./$0 ;; esac
  [ -f "$self" ] || { printf 'Run this script as a file:  sh script.sh /path/to/Music\n' >&2; exit 2; }
  case $self in /*) ;; *) self=$PWD/$\{self#./} ;; esac
}

enter_library() {
  case $1 in /*) root=$1 ;; *) root=./$1 ;; esac
  [ -d "$root" ] || fail "the music folder \"$1\" is not there (or is not a folder)."
  cd -- "$root" || fail "the music folder \"$1\" cannot be opened."
  printf 'Music folder: %s\n' "$PWD"
}

step() {
  [ "$1" -le "$last" ] || return 0
  case $phase in
    check) check_step "$@" ;;
    move) move_step "$@" ;;
    find) if [ "$1" -eq "$wanted" ]; then found_from=$4; found_to=$5; fi ;;
  esac
}

# Before anything changes: the file is there (or an earlier step brings it), the target is free
# (or an earlier step frees it), and no file stands where the target's folders go.
check_step() {
  todo=$((todo + 1))
  counts "$2" || [ -f "./$4" ] || fail "step $1: \"$4\" is not in the music folder. Is this the folder the plan was made for?"
  counts "$3" || ! there "$5" || fail "step $1: \"$5\" already exists; moving \"$4\" there would overwrite it."
  folder=$5
  while case $folder in */*) true ;; *) false ;; esac; do
    folder=$\{folder%/*}
    ! there "$folder" || [ -d "./$folder" ] || fail "step $1: \"$folder\" is a file, but \"$5\" needs a folder of that name."
  done
}

move_step() {
  there "$4" || fail "step $1: \"$4\" is no longer there."
  ! there "$5" || fail "step $1: \"$5\" already exists; nothing was overwritten."
  case $5 in
    */*) [ -d "./$\{5%/*}" ] || mkdir -p -- "./$\{5%/*}" || fail "step $1: the folder \"$\{5%/*}\" could not be created." ;;
  esac
  mv -- "./$4" "./$5" || fail "step $1: \"$4\" could not be moved to \"$5\"."
  record "$1"
  count=$((count + 1))
  printf '[%s/%s] %s -> %s\n' "$count" "$todo" "$4" "$5"
}

# Only empty folders go: rmdir refuses any other. Deepest first, so a parent emptied by its
# children's removal goes too. The music folder itself is never on the list. The folders of the
# step after the last one done count too: a move that failed may have left its new folder empty.
tidy() {
  [ "$1" -le $((upto + 1)) ] || return 0
  [ -d "./$2" ] && [ ! -L "./$2" ] || return 0
  if rmdir -- "./$2" 2>/dev/null; then removed=$((removed + 1)); fi
}
`;

const ORGANIZE_ENGINE = shell`${COMMON_ENGINE}
fail() {
  printf '\nStopped: %s\n' "$1" >&2
  if [ "$started" = yes ]; then
    printf '%s of %s moves were done before this. To put those files back, run:\n  sh %s %s\n' "$count" "$todo" "$(quote "$undo")" "$(quote "$PWD")" >&2
  else
    printf 'Nothing was changed.\n' >&2
  fi
  exit 1
}

record() {
  printf '# done %s\n' "$1" >> "$undo" || fail "step $1 was done, but could not be recorded in the undo script \"$undo\"."
}

clutter() {
  # wc pads its count with spaces on some systems (macOS).
  if [ -f "./$2" ] && [ ! -L "./$2" ] && [ "$(wc -c < "./$2" | tr -d ' ')" = "$1" ]; then
    rm -f -- "./$2" || fail "the clutter file \"$2\" could not be deleted."
    printf 'Deleted clutter: %s\n' "$2"
  else
    printf 'Kept %s: it is gone or changed since the scan.\n' "$2"
  fi
}

main() {
  [ $# -eq 1 ] || usage
  find_self
  undo=$\{self%.sh}.undo.sh
  enter_library "$1"
  if [ -e "$undo" ] || [ -L "$undo" ]; then
    fail "an undo script is already at \"$undo\". It may be the only way back from an earlier run: move it elsewhere (or delete it if that run was undone), then run this script again."
  fi
  printf 'Checking all %s moves before changing anything...\n' "$steps"
  phase=check; plan_steps
  printf 'Every file is there and no move overwrites anything.\n'
  set -C
  undo_script > "$undo" || fail "the undo script could not be written to \"$undo\"."
  set +C
  printf 'Undo script written: %s\n' "$undo"
  started=yes
  phase=move; plan_steps
  plan_clutter
  plan_tidy
  printf '\nDone: %s files moved, %s emptied folders removed.\nTo undo:  sh %s %s\n' "$files" "$removed" "$(quote "$undo")" "$(quote "$PWD")"
}
`;

const UNDO_ENGINE = shell`${COMMON_ENGINE}
fail() {
  printf '\nStopped: %s\n' "$1" >&2
  if [ "$started" = yes ]; then
    printf '%s of %s moves were undone before this. Put the problem right, then run this undo script again: it carries on where it stopped.\n' "$count" "$todo" >&2
  else
    printf 'Nothing was changed.\n' >&2
  fi
  exit 1
}

record() {
  printf '# undone %s\n' "$1" >> "$self" || fail "step $1 was undone, but could not be recorded in \"$self\"."
}

# The progress lines after the mark: how far the organize run got (done), where an earlier
# run of this undo stopped (undone), and the organize progress that undo started from (from).
read_progress() {
  set -- $(awk -v mark="$mark" '
    seen && /^# done [0-9]+$/ { d = $3 + 0 }
    seen && /^# undone [0-9]+$/ { if (u == 0 || $3 + 0 < u) u = $3 + 0 }
    seen && /^# from [0-9]+$/ { f = $3 + 0; hf = 1 }
    $0 == mark { seen = 1 }
    END { print d + 0, u + 0, (hf ? f : -1) }' "$self")
  done_upto=$1; undone_from=$2; from=$3
}

main() {
  [ $# -eq 1 ] || usage
  find_self
  enter_library "$1"
  read_progress
  if [ "$from" -ge 0 ]; then
    upto=$from
  else
    upto=$done_upto
    # The organize script may have moved one more file than it recorded (stopped between the two).
    if [ "$upto" -lt "$steps" ]; then
      wanted=$((upto + 1)); phase=find; plan_steps
      if there "$found_from" && ! there "$found_to"; then upto=$wanted; fi
    fi
  fi
  last=$upto
  [ "$undone_from" -eq 0 ] || last=$((undone_from - 1))
  # An earlier run of this undo may likewise have moved one more file back than it recorded.
  if [ "$from" -ge 0 ] && [ "$last" -ge 1 ]; then
    wanted=$last; phase=find; plan_steps
    if ! there "$found_from" && there "$found_to"; then record "$last"; last=$((last - 1)); fi
  fi
  if [ "$last" -eq 0 ]; then
    plan_tidy
    printf 'Nothing to undo: every move of the organize script is undone (or none was done).\n'
    return 0
  fi
  printf 'Checking %s moves back before changing anything...\n' "$last"
  phase=check; plan_steps
  printf 'Every file is where the organize script put it and nothing is overwritten.\n'
  if [ "$from" -lt 0 ]; then
    printf '# from %s\n' "$upto" >> "$self" || fail "this script cannot record its progress in itself (\"$self\")."
  fi
  started=yes
  phase=move; plan_steps
  plan_tidy
  printf '\nDone: %s moves undone, %s emptied folders removed.\n' "$count" "$removed"
}
`;

/** Raw text for the shell: its own "${" is written "$\{" there, since a template would read "${" itself. */
function shell(strings: TemplateStringsArray, ...values: string[]): string {
  return String.raw(strings, ...values).replaceAll('$\\{', '${');
}
