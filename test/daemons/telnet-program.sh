#!/bin/bash
# The fixed program behind the second telnet port (telnetd -E).  It prints a
# banner and a prompt, echoes every line back upper-cased, and exits on "quit".
printf 'inetlib telnet test program\n'
while printf 'cmd> ' && IFS= read -r line; do
  line="${line%$'\r'}"
  case "$line" in
    quit | exit) printf 'bye\n'; exit 0 ;;
    *) printf '%s\n' "${line^^}" ;;
  esac
done
