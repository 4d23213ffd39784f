# Common helpers for up.sh / down.sh.  Sourced, not executed.
# shellcheck shell=bash

DAEMONS_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${INETLIB_DAEMONS_DIR:-/tmp/inetlib-daemons}"
RUN="$STATE/run"
LOGS="$STATE/log"
PY=/usr/bin/python3
OPT="$STATE/opt/root"   # pure-ftpd / proftpd unpacked with dpkg -x

# shellcheck source=config.env
set -a
. "$DAEMONS_SRC/config.env"
set +a
export INETLIB_DAEMONS_DIR="$STATE"

# Daemons in start order (stopped in reverse order).
ALL_DAEMONS=(dovecot postfix smtp-recorder innd nnrpd nnrpd-tls vsftpd vsftpd-implicit
  pure-ftpd proftpd telnet-login telnet-program gophernicus pygopherd xmlrpc nginx)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Ports each daemon must be accepting connections on (127.0.0.1).
daemon_ports() {
  case "$1" in
    dovecot) echo "$IMAP_PORT $IMAPS_PORT $POP3_PORT $POP3S_PORT" ;;
    postfix) echo "$SMTP_PORT $SUBMISSION_PORT $SMTPS_PORT" ;;
    smtp-recorder) echo "$SMTP_RECORDER_PORT" ;;
    innd) echo "$NNTP_FEED_PORT" ;;
    nnrpd) echo "$NNTP_PORT" ;;
    nnrpd-tls) echo "$NNTPS_PORT" ;;
    vsftpd) echo "$FTP_VSFTPD_PORT" ;;
    vsftpd-implicit) echo "$FTPS_VSFTPD_PORT" ;;
    pure-ftpd) echo "$FTP_PUREFTPD_PORT" ;;
    proftpd) echo "$FTP_PROFTPD_PORT" ;;
    telnet-login) echo "$TELNET_LOGIN_PORT" ;;
    telnet-program) echo "$TELNET_PROGRAM_PORT" ;;
    gophernicus) echo "$GOPHER_PORT" ;;
    pygopherd) echo "$GOPHER_PYGOPHERD_PORT" ;;
    xmlrpc) echo "$XMLRPC_PORT" ;;
    nginx) echo "$HTTP_PORT $HTTPS_PORT" ;;
    *) die "unknown daemon $1" ;;
  esac
}

pidfile() { echo "$RUN/$1.pid"; }

# True if PID exists and is not a zombie (orphans may wait long for a reaper).
alive() {
  local st
  st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n $st && ${st:0:1} != Z ]]
}

# The recorded pid if that process is still alive.
daemon_pid() {
  local f pid
  f="$(pidfile "$1")"
  [[ -s "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  # Guard against pid reuse: the process must still be the session leader we started.
  [[ "$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]] || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A daemon is healthy when its process is alive and all its ports accept connections.
daemon_healthy() {
  local p
  daemon_pid "$1" >/dev/null || return 1
  for p in $(daemon_ports "$1"); do port_open "$p" || return 1; done
}

# wait_ports NAME SECONDS PORT... : wait until every port accepts connections;
# fail early when the daemon NAME has exited.
wait_ports() {
  local name="$1" deadline=$((SECONDS + $2)) p
  shift 2
  for p in "$@"; do
    until port_open "$p"; do
      ((SECONDS < deadline)) || return 1
      daemon_pid "$name" >/dev/null || return 1
      sleep 0.1
    done
  done
}

# spawn NAME CMD...: start CMD in its own session, output to $LOGS/NAME.out.
spawn() {
  local name="$1"
  shift
  setsid "$@" >>"$LOGS/$name.out" 2>&1 </dev/null 9>&- &
  echo $! >"$(pidfile "$name")"
}

# stop_daemon NAME: graceful per-daemon stop, then TERM/KILL the whole session.
stop_daemon() {
  local name="$1" pid i
  pid="$(daemon_pid "$name")" || { rm -f "$(pidfile "$name")"; return 0; }
  case "$name" in
    innd)
      # innd needs >5 s to exit on a bare SIGTERM; ctlinnd shutdown is quick.
      runuser -u news -- env INNCONF="$STATE/inn/etc/inn.conf" \
        /usr/lib/news/bin/ctlinnd -t 5 shutdown "inetlib down" >/dev/null 2>&1 || true
      ;;
    postfix)
      /usr/sbin/postfix -c "$STATE/postfix/etc" stop >/dev/null 2>&1 || true
      ;;
  esac
  for ((i = 0; i < 50; i++)); do
    alive "$pid" || break
    ((i == 10)) && kill -TERM -- "-$pid" 2>/dev/null
    ((i == 0)) && [[ "$name" != innd && "$name" != postfix ]] && kill -TERM -- "-$pid" 2>/dev/null
    sleep 0.1
  done
  # Whatever is left of the session (forked children, slow exits).
  kill -KILL -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  rm -f "$(pidfile "$name")"
  log "stopped $name"
}
