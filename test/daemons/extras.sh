# Settings applied on top of the generated configuration, on every up.sh run, to daemons that
# may already be running: each is checked first and changes (with a reload, or a restart where
# the daemon cannot reload it) only when it is missing. Sourced by up.sh before it starts the
# daemons; not part of up.sh's configuration stamp, so adding one never rebuilds the state
# directory or stops the other daemons.
# shellcheck shell=bash

# dovecot: COMPRESS=DEFLATE (RFC 4978) needs the zlib and imap_zlib plugins.
extra_dovecot_compress() {
  local conf="$STATE/dovecot/dovecot.conf"
  [[ -f $conf ]] || return 0
  grep -q '^# extras: compress$' "$conf" && return 0
  cat >>"$conf" <<'CONF'
# extras: compress
mail_plugins = $mail_plugins zlib
protocol imap {
  mail_plugins = $mail_plugins imap_zlib
}
CONF
  if daemon_pid dovecot >/dev/null; then
    doveadm -c "$conf" reload || die "doveadm reload failed"
    log "dovecot: COMPRESS=DEFLATE on (reloaded)"
  fi
}

# nnrpd: AUTHINFO SASL (RFC 4643) through Cyrus SASL, with a private configuration (INN.conf,
# read through SASL_CONF_PATH at nnrpd's start) and sasldb holding the news user. Cyrus puts
# the user in the realm of the host's FQDN.
extra_nnrpd_sasl() {
  local d="$STATE/inn/sasl" realm name pid child restart=0
  [[ -d "$STATE/inn" ]] || return 0
  # nnrpd refuses readers ("400 load at N, try later") above a load average of 16 by default;
  # on a small machine running many test suites at once that is reached.
  if ! grep -q '^nnrpdloadlimit:' "$STATE/inn/etc/inn.conf"; then
    printf 'nnrpdloadlimit:         0\n' >>"$STATE/inn/etc/inn.conf"
    restart=1
  fi
  mkdir -p "$d"
  printf 'pwcheck_method: auxprop\nauxprop_plugin: sasldb\nsasldb_path: %s\nmech_list: PLAIN CRAM-MD5 SCRAM-SHA-256 SCRAM-SHA-1\n' \
    "$d/sasldb2" >"$d/INN.conf.new"
  if cmp -s "$d/INN.conf.new" "$d/INN.conf"; then rm -f "$d/INN.conf.new"; else mv -f "$d/INN.conf.new" "$d/INN.conf"; fi
  realm="$(hostname -f 2>/dev/null || hostname)"
  if ! sasldblistusers2 -f "$d/sasldb2" 2>/dev/null | grep -qx "$NNTP_USER@$realm: userPassword"; then
    printf '%s' "$NNTP_PASSWORD" | saslpasswd2 -p -c -f "$d/sasldb2" -a INN -u "$realm" "$NNTP_USER" ||
      die "saslpasswd2 failed"
  fi
  chown -R news:news "$d"
  chmod 640 "$d/sasldb2"
  # A running nnrpd started without SASL_CONF_PATH or before the load limit: restart it (not
  # recorded as started by this run, so interop.sh leaves it running).
  for name in nnrpd nnrpd-tls; do
    pid="$(daemon_pid "$name")" || continue
    child="$(pgrep -s "$pid" -x nnrpd | head -1)" || child=""
    ((restart == 0)) && [[ -n $child ]] &&
      tr '\0' '\n' <"/proc/$child/environ" 2>/dev/null | grep -qx "SASL_CONF_PATH=$d" && continue
    log "$name: restarting for AUTHINFO SASL and the load limit"
    stop_daemon "$name"
    STARTED_FILE="" start_daemon "$name"
  done
}

apply_extras() {
  extra_dovecot_compress
  extra_nnrpd_sasl
}
