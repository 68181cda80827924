// The code of the exported sh scripts (plan-script-sh.ts puts the plan's data after it).
// POSIX sh only (the tests run it with dash and bash). Names arrive as arguments, never as code.

// What both scripts share: checking a step, doing it, removing emptied folders. `step` runs once
// per phase: 'check' (before anything changes), 'move', or 'find' (look one step up by number).
// Steps numbered above `last` are skipped; the step numbers a step depends on (MADE_BY, FREED_BY)
// count when at most `upto`: those steps happen, or happened, before it.
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

# A folder renamed only in case, once its files are parked: its old spelling goes, with its
# subfolders, deepest first, if they hold no files (rmdir refuses any other), so that a disk that
# ignores case makes the new spelling. Running it twice is harmless.
case_rename() {
  [ "$phase" = move ] && [ "$1" -le "$last" ] || return 0
  [ -d "./$2" ] && [ ! -L "./$2" ] || return 0
  find "./$2" -depth -type d -exec rmdir -- {} \; 2>/dev/null || :
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

export const ORGANIZE_ENGINE = shell`${COMMON_ENGINE}
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

export const UNDO_ENGINE = shell`${COMMON_ENGINE}
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
