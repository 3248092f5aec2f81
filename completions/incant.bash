# bash completion for incant.
#
# Before the script: the options, or a source file (.e .fs .fth .4th) or a
# directory.  After -e comes Forth code, so nothing is offered.  After the
# script, its own arguments: any file.
#
# Install: `make install` puts this file where bash-completion looks for
# it ($(PREFIX)/share/bash-completion/completions/incant); or source it
# from ~/.bashrc.

_incant() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  COMPREPLY=()

  # Walk the options before the word being completed.  The word after -e
  # is code: nothing to offer.  A script named before the word makes the
  # word the script's argument; `--` makes the next word the script.
  local i=1 after_dashes=0
  while ((i < COMP_CWORD && !after_dashes)); do
    case ${COMP_WORDS[i]} in
      -e)
        ((i + 1 == COMP_CWORD)) && return 0
        ((i += 1))
        ;;
      --) after_dashes=1 ;;
      -?*) ;;
      *) break ;;
    esac
    ((i += 1))
  done
  if ((i < COMP_CWORD)); then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return 0
  fi

  if [[ $cur == -* ]] && ((!after_dashes)); then
    mapfile -t COMPREPLY < <(compgen -W '-e -i -h --help --std --perf-map --profile --version --' -- "$cur")
    return 0
  fi
  local f
  while IFS= read -r f; do
    if [[ -d $f ]]; then
      COMPREPLY+=("$f")
    else
      case $f in *.e | *.fs | *.fth | *.4th) COMPREPLY+=("$f") ;; esac
    fi
  done < <(compgen -f -- "$cur")
}

complete -o filenames -F _incant incant
