#!/usr/bin/env bash
# Start (or reuse) every interop test daemon on loopback high ports.
#
#   bash test/daemons/up.sh [--started-file FILE] [--no-install]
#
# Idempotent: installs missing Debian packages (apt-get update only when
# something is missing), writes a private configuration and seed data under
# $INETLIB_DAEMONS_DIR (default /tmp/inetlib-daemons), and starts each daemon
# that is not already running and healthy.  Names of the daemons started by
# this invocation are appended to FILE (interop.sh stops exactly those).
# When any file in test/daemons that shapes the configuration changes, the
# running daemons are stopped and the state directory is rebuilt.
# Must run as root; needs no stdin.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STARTED_FILE=""
DO_INSTALL=1
while (($#)); do
  case "$1" in
    --started-file) STARTED_FILE="$2"; shift 2 ;;
    --no-install) DO_INSTALL=0; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
((EUID == 0)) || die "up.sh must run as root"
T0=$SECONDS
export DEBIAN_FRONTEND=noninteractive
umask 022

mkdir -p "$STATE"
chmod 755 "$STATE"
exec 9>"$STATE/.lock"
flock -w 600 9 || die "another up.sh/down.sh holds $STATE/.lock"

APT_PACKAGES=(dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix inn2 vsftpd inetutils-telnetd
  socat gophernicus pygopherd nginx python3-aiosmtpd openssl sasl2-bin
  # shared libraries of the unpacked pure-ftpd / proftpd (see EXTRA_DEBS)
  libsodium23 libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3 libidn2-0 libacl1 libcap2)
# Conflict with vsftpd (all provide ftp-server): downloaded and unpacked with dpkg -x.
EXTRA_DEBS=(pure-ftpd proftpd-core proftpd-mod-crypto)
SYSTEM_SERVICES=(dovecot postfix inn2 vsftpd nginx inetutils-inetd pygopherd)

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------
APT_UPDATED=0
apt_update_once() {
  ((APT_UPDATED)) && return 0
  log "apt-get update"
  apt-get update -qq -o DPkg::Lock::Timeout=300 >"$STATE/apt-update.log" 2>&1 ||
    { cat "$STATE/apt-update.log" >&2; die "apt-get update failed"; }
  APT_UPDATED=1
}

# inn2's maintainer scripts need a host name with a domain.
ensure_fqdn() {
  local h
  h="$(hostname)"
  [[ "$(hostname -f 2>/dev/null || true)" == *.* ]] && return 0
  log "giving host '$h' a domain in /etc/hosts (inn2 needs an FQDN): $h.localdomain"
  if grep -Eq "^[^#]*[[:space:]]$h([[:space:]]|\$)" /etc/hosts; then
    sed -E "s/^([^#]*[[:space:]])$h([[:space:]]|\$)/\1$h.localdomain $h\2/" /etc/hosts >"$STATE/hosts.new"
  else
    { cat /etc/hosts; echo "127.0.1.1 $h.localdomain $h"; } >"$STATE/hosts.new"
  fi
  cat "$STATE/hosts.new" >/etc/hosts # in place: /etc/hosts may be a bind mount
  rm -f "$STATE/hosts.new"
}

install_packages() {
  local missing=() p policy=/usr/sbin/policy-rc.d saved=""
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  if ((${#missing[@]})) || [[ -n "$(dpkg --audit 2>/dev/null)" ]]; then
    log "installing: ${missing[*]:-(finishing interrupted configuration)}"
    ensure_fqdn
    # Package services must not start on the standard ports: deny them while installing.
    if [[ -e $policy ]]; then saved="$STATE/policy-rc.d.saved"; cp -p "$policy" "$saved"; fi
    # shellcheck disable=SC2064
    trap "if [[ -n '$saved' ]]; then mv -f '$saved' '$policy'; else rm -f '$policy'; fi" EXIT
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    # inn2's postinst needs a postfix main.cf.
    printf '%s\n' "postfix postfix/main_mailer_type select Local only" \
      "postfix postfix/mailname string $(hostname -f)" | debconf-set-selections
    local rc=0
    if ((${#missing[@]})); then
      apt_update_once
      apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" >"$STATE/apt-install.log" 2>&1 || rc=$?
    fi
    if ((rc)) || [[ -n "$(dpkg --audit 2>/dev/null)" ]]; then
      log "apt-get install rc=$rc; retrying configuration with dpkg --configure -a"
      [[ -f /etc/postfix/main.cf ]] || printf 'compatibility_level = 3.6\ninet_interfaces = loopback-only\nmydestination =\n' >/etc/postfix/main.cf
      dpkg --configure -a >>"$STATE/apt-install.log" 2>&1 || true
    fi
    if [[ -n $saved ]]; then mv -f "$saved" "$policy"; else rm -f "$policy"; fi
    trap - EXIT
    for p in "${APT_PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
        { tail -40 "$STATE/apt-install.log" >&2; die "package $p failed to install"; }
    done
    # Under systemd the units would start at boot: disable them (no-op elsewhere).
    if [[ -d /run/systemd/system ]]; then
      for p in "${SYSTEM_SERVICES[@]}"; do systemctl disable --now "$p" >/dev/null 2>&1 || true; done
    fi
  fi

  if [[ ! -x $OPT/usr/sbin/pure-ftpd || ! -x $OPT/usr/sbin/proftpd || ! -f $OPT/usr/lib/proftpd/mod_tls.so ]]; then
    log "downloading and unpacking ${EXTRA_DEBS[*]}"
    local debs="$STATE/opt/debs"
    rm -rf "$debs" "$OPT"
    mkdir -p "$debs" "$OPT"
    (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${EXTRA_DEBS[@]}" >"$STATE/apt-download.log" 2>&1) || {
      apt_update_once
      (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${EXTRA_DEBS[@]}" >"$STATE/apt-download.log" 2>&1) ||
        { cat "$STATE/apt-download.log" >&2; die "apt-get download failed"; }
    }
    for p in "$debs"/*.deb; do dpkg -x "$p" "$OPT"; done
  fi
}

# ---------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------
ensure_users() {
  local home="$STATE/home/$SYSTEM_USER"
  if ! id "$SYSTEM_USER" >/dev/null 2>&1; then
    useradd -M -d "$home" -s /bin/bash -U "$SYSTEM_USER"
    echo "$SYSTEM_USER:$SYSTEM_PASSWORD" | chpasswd
  elif [[ "$(getent passwd "$SYSTEM_USER" | cut -d: -f6)" != "$home" ]]; then
    usermod -d "$home" "$SYSTEM_USER"
  fi
  # Anonymous FTP root of pure-ftpd is ~ftp (the ftp user comes with vsftpd).
  id ftp >/dev/null 2>&1 || useradd -r -M -d "$STATE/ftp/anon" -s /usr/sbin/nologin ftp
  [[ "$(getent passwd ftp | cut -d: -f6)" == "$STATE/ftp/anon" ]] || usermod -d "$STATE/ftp/anon" ftp
  # pure-ftpd's privilege-separation user (normally created by pure-ftpd-common).
  id _pure-ftpd >/dev/null 2>&1 || useradd -r -M -d /nonexistent -s /usr/sbin/nologin _pure-ftpd
}

# ---------------------------------------------------------------------------
# TLS: a private CA and one server certificate for every daemon
# ---------------------------------------------------------------------------
# Kept across rebuilds of the state directory (long-running test processes may hold the
# CA); remade when missing, expiring within a week, or when gen_tls itself changes.
ensure_tls() {
  local d="$STATE/tls" stamp
  stamp="$(declare -f gen_tls | sha256sum | cut -c1-16)"
  if [[ -s $d/ca.pem && -s $d/server.pem && -s $d/server.key && "$(cat "$d/.stamp" 2>/dev/null)" == "$stamp" ]] &&
    openssl x509 -checkend 604800 -noout -in "$d/server.pem" >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$d"
  gen_tls
  echo "$stamp" >"$d/.stamp"
}

gen_tls() {
  local d="$STATE/tls"
  mkdir -p "$d"
  chmod 755 "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=inetlib interop test CA" \
    -keyout "$d/ca.key" -out "$d/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=localhost" \
    -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  cat >"$d/server.ext" <<EOF
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1,DNS:$(hostname),DNS:$(hostname -f 2>/dev/null || hostname),DNS:mail.$MAIL_DOMAIN,DNS:news.$NEWS_DOMAIN
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  openssl x509 -req -sha256 -days 825 -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -extfile "$d/server.ext" -out "$d/server.pem" 2>/dev/null
  cat "$d/server.pem" "$d/ca.pem" >"$d/server-chain.pem"
  cat "$d/server.key" "$d/server-chain.pem" >"$d/server-combined.pem" # key + chain (pure-ftpd)
  chmod 600 "$d"/*.key "$d/server-combined.pem"
  chmod 644 "$d/ca.pem" "$d/server.pem" "$d/server-chain.pem"
  rm -f "$d/server.csr"
}

# ---------------------------------------------------------------------------
# Configuration files
# ---------------------------------------------------------------------------
write_dovecot() {
  local d="$STATE/dovecot"
  mkdir -p "$d/run" "$d/lib"
  cat >"$d/users" <<EOF
$MAIL_USER_ALICE:{PLAIN}$MAIL_PASSWORD_ALICE::::::
$MAIL_USER_BOB:{PLAIN}$MAIL_PASSWORD_BOB::::::
$MAIL_USER_BULK:{PLAIN}$MAIL_PASSWORD_BULK::::::
EOF
  chmod 640 "$d/users"
  chgrp dovecot "$d/users"
  cat >"$d/dovecot.conf" <<EOF
# Generated by test/daemons/up.sh
base_dir = $d/run
state_dir = $d/lib
instance_name = inetlib-dovecot
protocols = imap pop3 lmtp
listen = 127.0.0.1, ::1
log_path = $LOGS/dovecot.log
ssl = yes
ssl_cert = <$STATE/tls/server-chain.pem
ssl_key = <$STATE/tls/server.key
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5
# One wrong-password test must not slow every later login.
auth_failure_delay = 0
auth_cache_size = 0
auth_username_format = %Ln
mail_location = maildir:~/Maildir
mail_uid = $SYSTEM_USER
mail_gid = $SYSTEM_USER
mail_max_userip_connections = 500
pop3_uidl_format = %08Xu%08Xv
namespace inbox {
  inbox = yes
  separator = /
  mailbox Archive {
    auto = subscribe
    special_use = \\Archive
  }
  mailbox Drafts {
    auto = subscribe
    special_use = \\Drafts
  }
  mailbox Sent {
    auto = subscribe
    special_use = \\Sent
  }
  mailbox Trash {
    auto = subscribe
    special_use = \\Trash
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $d/users
}
userdb {
  driver = passwd-file
  args = $d/users
  default_fields = uid=$SYSTEM_USER gid=$SYSTEM_USER home=$STATE/mail/%n
}
service imap-login {
  inet_listener imap {
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = $IMAPS_PORT
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = $POP3_PORT
  }
  inet_listener pop3s {
    port = $POP3S_PORT
    ssl = yes
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
# No authentication penalty (anvil would delay every later login from 127.0.0.1 by seconds).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
protocol lmtp {
  postmaster_address = postmaster@$MAIL_DOMAIN
}
EOF
}

write_postfix() {
  local d="$STATE/postfix"
  mkdir -p "$d/etc" "$d/spool" "$d/data"
  chown postfix:postfix "$d/data"
  cat >"$d/etc/vmailbox" <<EOF
$MAIL_USER_ALICE@$MAIL_DOMAIN OK
$MAIL_USER_BOB@$MAIL_DOMAIN OK
$MAIL_USER_BULK@$MAIL_DOMAIN OK
postmaster@$MAIL_DOMAIN OK
EOF
  cat >"$d/etc/main.cf" <<EOF
# Generated by test/daemons/up.sh
compatibility_level = 3.6
queue_directory = $d/spool
data_directory = $d/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.$MAIL_DOMAIN
mydomain = $MAIL_DOMAIN
myorigin = \$mydomain
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4, ipv6
mynetworks = 127.0.0.0/8 [::1]/128
alias_maps =
alias_database =
biff = no
append_dot_mydomain = no
readme_directory = no
maillog_file = $LOGS/postfix.log
maillog_file_prefixes = $STATE
smtpd_banner = \$myhostname ESMTP inetlib test Postfix
smtputf8_enable = yes
# A mailbox limit below the message limit stalls delivery while SMTP still says 250.
message_size_limit = 52428800
mailbox_size_limit = 0
virtual_mailbox_limit = 0
# The dovecot users' mailboxes, through dovecot LMTP.
virtual_mailbox_domains = $MAIL_DOMAIN
virtual_mailbox_maps = texthash:$d/etc/vmailbox
virtual_transport = lmtp:unix:$STATE/dovecot/run/lmtp
# Every other domain: accepted and discarded on this machine.
default_transport = discard:external mail is discarded by the inetlib test server
relay_transport = discard:external mail is discarded by the inetlib test server
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_tls_cert_file = $STATE/tls/server-chain.pem
smtpd_tls_key_file = $STATE/tls/server.key
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_tls_loglevel = 1
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_sasl_type = dovecot
smtpd_sasl_path = $STATE/dovecot/run/auth-postfix
smtpd_sasl_auth_enable = yes
smtpd_sasl_authenticated_header = yes
smtpd_client_connection_rate_limit = 0
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 1000
smtpd_hard_error_limit = 1000
queue_run_delay = 10s
minimal_backoff_time = 10s
maximal_backoff_time = 60s
EOF
  local svc="inet n - n - - smtpd"
  {
    echo "# Generated by test/daemons/up.sh (no chroot anywhere)"
    for a in 127.0.0.1 '[::1]'; do
      echo "$a:$SMTP_PORT $svc"
      echo "$a:$SUBMISSION_PORT $svc -o syslog_name=postfix/submission -o smtpd_tls_security_level=encrypt -o smtpd_client_restrictions=permit_sasl_authenticated,reject"
      echo "$a:$SMTPS_PORT $svc -o syslog_name=postfix/smtps -o smtpd_tls_wrappermode=yes"
    done
    cat <<'EOF'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  } >"$d/etc/master.cf"
}

write_inn() {
  local d="$STATE/inn"
  mkdir -p "$d"/{etc,db,spool/articles,spool/overview,spool/incoming/tmp,spool/outgoing,spool/archive,log,run,tmp,http,filter}
  cp -a /etc/news/. "$d/etc/"
  rm -rf "$d/etc/filter"
  cat >"$d/etc/inn.conf" <<EOF
# Generated by test/daemons/up.sh; read through INNCONF=$d/etc/inn.conf
domain:                 $NEWS_DOMAIN
fromhost:               $NEWS_DOMAIN
pathhost:               news.$NEWS_DOMAIN
server:                 127.0.0.1
organization:           "inetlib interop tests"
mta:                    "/bin/true %s"
mailcmd:                /bin/true
port:                   $NNTP_FEED_PORT
bindaddress:            127.0.0.1
bindaddress6:           "::1"
nnrpdposthost:          127.0.0.1
nnrpdpostport:          $NNTP_FEED_PORT
artcutoff:              0
ovmethod:               tradindexed
hismethod:              hisv6
enableoverview:         true
storeonxref:            true
wireformat:             true
allownewnews:           true
noreader:               true
readerswhenstopped:     false
doinnwatch:             false
docnfsstat:             false
pgpverify:              false
maxartsize:             1000000
localmaxartsize:        1000000
maxconnections:         100
logipaddr:              true
status:                 0
timer:                  0
tlscertfile:            $d/etc/cert.pem
tlskeyfile:             $d/etc/key.pem
pathnews:               /usr/lib/news
pathbin:                /usr/lib/news/bin
pathcontrol:            /usr/lib/news/bin/control
pathfilter:             $d/filter
pathetc:                $d/etc
pathdb:                 $d/db
pathrun:                $d/run
pathlog:                $d/log
pathhttp:               $d/http
pathtmp:                $d/tmp
pathspool:              $d/spool
patharticles:           $d/spool/articles
pathoverview:           $d/spool/overview
pathincoming:           $d/spool/incoming
pathoutgoing:           $d/spool/outgoing
patharchive:            $d/spool/archive
EOF
  cat >"$d/etc/incoming.conf" <<'EOF'
streaming:          true
max-connections:    20
peer ME {
  hostname:         "localhost, 127.0.0.1, ::1"
}
EOF
  cat >"$d/etc/newsfeeds" <<'EOF'
ME:*::
EOF
  cat >"$d/etc/storage.conf" <<'EOF'
method tradspool {
    newsgroups: *
    class: 0
}
EOF
  cat >"$d/etc/readers.conf" <<EOF
# Anonymous readers may read, post and use NEWNEWS (N); $NNTP_USER may also approve.
auth "anonymous" {
    hosts: "localhost, 127.0.0.1, ::1, stdin"
    default: "<anonymous>"
}
auth "users" {
    hosts: "localhost, 127.0.0.1, ::1, stdin"
    auth: "ckpasswd -f $d/etc/nntp-users"
}
access "anonymous" {
    users: "<anonymous>"
    newsgroups: "*"
    access: RPN
}
access "users" {
    users: "$NNTP_USER"
    newsgroups: "*"
    access: RPNA
}
EOF
  echo "$NNTP_USER:$(openssl passwd -6 "$NNTP_PASSWORD")" >"$d/etc/nntp-users"
  cat >"$d/db/active" <<'EOF'
control 0000000000 0000000001 n
control.cancel 0000000000 0000000001 n
junk 0000000000 0000000001 n
local.test 0000000000 0000000001 y
local.big 0000000000 0000000001 y
local.empty 0000000000 0000000001 y
EOF
  cat >"$d/db/newsgroups" <<'EOF'
control	Various control messages (no posting).
control.cancel	Cancel messages (no posting).
junk	Unfiled articles (no posting).
local.test	inetlib test group with a few articles.
local.big	inetlib test group with many articles.
local.empty	inetlib test group without articles.
EOF
  local t
  t="$(date +%s)"
  awk -v t="$t" '{print $1, t, "usenet@'"$NEWS_DOMAIN"'"}' "$d/db/active" >"$d/db/active.times"
  cp "$STATE/tls/server-chain.pem" "$d/etc/cert.pem"
  cp "$STATE/tls/server.key" "$d/etc/key.pem"
  : >"$d/db/history"
  chown -R news:news "$d"
  chmod 640 "$d/etc/cert.pem" "$d/etc/nntp-users"
  chmod 600 "$d/etc/key.pem"
  runuser -u news -- env INNCONF="$d/etc/inn.conf" sh -c \
    "cd '$d/db' && /usr/lib/news/bin/makedbz -i -o -s 10000" >>"$LOGS/innd.out" 2>&1 ||
    die "makedbz failed (see $LOGS/innd.out)"
}

write_ftp() {
  local d="$STATE/ftp" name port pasv_min pasv_max implicit
  mkdir -p "$d/empty" "$d/proftpd"
  chmod 755 "$d/empty"
  for name in vsftpd vsftpd-implicit; do
    if [[ $name == vsftpd ]]; then
      port=$FTP_VSFTPD_PORT pasv_min=$PASV_VSFTPD_MIN pasv_max=$PASV_VSFTPD_MAX implicit=NO
    else
      port=$FTPS_VSFTPD_PORT pasv_min=$PASV_VSFTPS_MIN pasv_max=$PASV_VSFTPS_MAX implicit=YES
    fi
    cat >"$d/$name.conf" <<EOF
# Generated by test/daemons/up.sh
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$port
background=NO
# Sandboxing does not work in a container.
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
secure_chroot_dir=$d/empty
pam_service_name=vsftpd
ftpd_banner=inetlib vsftpd test server
anonymous_enable=YES
anon_root=$d/anon
no_anon_password=YES
anon_upload_enable=NO
anon_mkdir_write_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
chroot_local_user=NO
dirmessage_enable=NO
use_localtime=NO
ls_recurse_enable=YES
utf8_filesystem=YES
pasv_enable=YES
pasv_min_port=$pasv_min
pasv_max_port=$pasv_max
pasv_address=127.0.0.1
port_enable=YES
connect_from_port_20=NO
idle_session_timeout=300
data_connection_timeout=120
max_per_ip=0
xferlog_enable=YES
vsftpd_log_file=$LOGS/$name.log
ssl_enable=YES
implicit_ssl=$implicit
allow_anon_ssl=YES
force_local_logins_ssl=NO
force_local_data_ssl=NO
force_anon_logins_ssl=NO
force_anon_data_ssl=NO
ssl_tlsv1=YES
ssl_sslv2=NO
ssl_sslv3=NO
ssl_ciphers=HIGH
# Requiring TLS session reuse on the data connection breaks some clients.
require_ssl_reuse=NO
rsa_cert_file=$STATE/tls/server-chain.pem
rsa_private_key_file=$STATE/tls/server.key
EOF
  done
  cat >"$d/proftpd/proftpd.conf" <<EOF
# Generated by test/daemons/up.sh
ServerName              "inetlib proftpd test server"
ServerType              standalone
DefaultServer           on
Port                    $FTP_PROFTPD_PORT
DefaultAddress          127.0.0.1
SocketBindTight         on
UseIPv6                 off
User                    nobody
Group                   nogroup
Umask                   022
PidFile                 $d/proftpd/proftpd.pid
ScoreboardFile          $d/proftpd/scoreboard
DelayTable              none
WtmpLog                 off
UseReverseDNS           off
UseFtpUsers             off
RequireValidShell       off
AuthPAM                 off
AuthOrder               mod_auth_unix.c
AllowOverwrite          on
PassivePorts            $PASV_PROFTPD_MIN $PASV_PROFTPD_MAX
MaxInstances            100
SystemLog               $LOGS/proftpd.log
TransferLog             $LOGS/proftpd-xfer.log
ModulePath              $OPT/usr/lib/proftpd
LoadModule              mod_tls.c
<IfModule mod_tls.c>
  TLSEngine                on
  TLSLog                   $LOGS/proftpd-tls.log
  TLSProtocol              TLSv1.2 TLSv1.3
  TLSRSACertificateFile    $STATE/tls/server.pem
  TLSRSACertificateKeyFile $STATE/tls/server.key
  TLSCertificateChainFile  $STATE/tls/ca.pem
  TLSVerifyClient          off
  TLSRequired              off
  TLSOptions               NoSessionReuseRequired
  TLSRenegotiate           none
</IfModule>
<Anonymous $d/anon>
  User                  ftp
  Group                 nogroup
  UserAlias             anonymous ftp
  RequireValidShell     off
  MaxClients            50
  <Limit WRITE>
    DenyAll
  </Limit>
</Anonymous>
EOF
}

write_nginx() {
  local d="$STATE/nginx"
  mkdir -p "$d/tmp"
  chown nobody:nogroup "$d/tmp"
  echo "$HTTP_USER:$(openssl passwd -apr1 "$HTTP_PASSWORD")" >"$d/htpasswd"
  chmod 644 "$d/htpasswd"
  cat >"$d/nginx.conf" <<EOF
# Generated by test/daemons/up.sh
daemon off;
master_process on;
worker_processes 2;
user nobody nogroup;
pid $d/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  types { text/plain sha256; }
  charset utf-8;
  charset_types text/html text/plain application/json;
  access_log $LOGS/nginx-access.log;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  sendfile on;
  keepalive_timeout 30;
  server_tokens on;
  server {
    listen 127.0.0.1:$HTTP_PORT;
    listen [::1]:$HTTP_PORT;
    listen 127.0.0.1:$HTTPS_PORT ssl http2;
    listen [::1]:$HTTPS_PORT ssl http2;
    server_name localhost;
    ssl_certificate $STATE/tls/server-chain.pem;
    ssl_certificate_key $STATE/tls/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $STATE/www;
    location / { }
    location = /redirect { return 302 /hello.txt; }
    location = /status/404 { return 404 "not found\n"; }
    location = /echo {
      default_type text/plain;
      return 200 "\$request_method \$request_uri \$server_protocol\n";
    }
    location /private/ {
      auth_basic "inetlib";
      auth_basic_user_file $d/htpasswd;
    }
    location /many/ { alias $STATE/ftp/anon/many/; autoindex on; }
    location = /RPC2 {
      proxy_pass http://127.0.0.1:$XMLRPC_PORT/RPC2;
      proxy_http_version 1.1;
      proxy_set_header Host \$host;
    }
  }
}
EOF
}

write_pygopherd() {
  local d="$STATE/pygopherd-etc"
  mkdir -p "$d"
  sed -e "s|^port = .*|port = $GOPHER_PYGOPHERD_PORT\ninterface = 127.0.0.1\nservername = 127.0.0.1|" \
    -e "s|^pidfile = .*|pidfile = $RUN/pygopherd.internal.pid|" \
    -e "s|^usechroot = .*|usechroot = no\nsetuid = nobody\nsetgid = nogroup|" \
    -e "s|^root = .*|root = $STATE/pygopherd|" \
    -e "s|^logmethod = .*|logmethod = file|" \
    /etc/pygopherd/pygopherd.conf >"$d/pygopherd.conf"
}

configure_all() {
  log "writing configuration and seed data to $STATE"
  mkdir -p "$RUN" "$LOGS" "$STATE/home/$SYSTEM_USER/upload" "$STATE/smtp-recorder"
  chmod 755 "$RUN" "$LOGS"
  ensure_tls
  write_dovecot
  write_postfix
  write_ftp
  write_nginx
  write_pygopherd
  # Seed data: files (FTP, HTTP, gopher) and mail in parallel.
  "$PY" "$DAEMONS_SRC/seed.py" files "$STATE" &
  local files_pid=$!
  "$PY" "$DAEMONS_SRC/seed.py" mail "$STATE"
  wait "$files_pid" || die "seeding files failed"
  write_inn
  printf 'Hello, %s!\r\n' "$SYSTEM_USER" >"$STATE/home/$SYSTEM_USER/hello.txt"
  printf 'notes of %s\n' "$SYSTEM_USER" >"$STATE/home/$SYSTEM_USER/notes.txt"
  chown -R "$SYSTEM_USER:$SYSTEM_USER" "$STATE/home/$SYSTEM_USER" "$STATE/mail"
  chmod 700 "$STATE/mail"
  chmod 755 "$STATE/home/$SYSTEM_USER"
  chmod -R a+rX "$STATE/ftp" "$STATE/www" "$STATE/gopher" "$STATE/pygopherd"
}

# ---------------------------------------------------------------------------
# Starting
# ---------------------------------------------------------------------------
start_daemon() {
  local name="$1" p
  case "$name" in
    dovecot) spawn dovecot /usr/sbin/dovecot -F -c "$STATE/dovecot/dovecot.conf" ;;
    postfix) spawn postfix /usr/sbin/postfix -c "$STATE/postfix/etc" start-fg ;;
    smtp-recorder)
      spawn smtp-recorder "$PY" "$DAEMONS_SRC/smtp-recorder.py" --port "$SMTP_RECORDER_PORT" \
        --dir "$STATE/smtp-recorder" --cert "$STATE/tls/server-chain.pem" --key "$STATE/tls/server.key" ;;
    innd)
      spawn innd runuser -u news -- env INNCONF="$STATE/inn/etc/inn.conf" /usr/lib/news/bin/innd -f ;;
    nnrpd)
      spawn nnrpd runuser -u news -- env INNCONF="$STATE/inn/etc/inn.conf" SASL_CONF_PATH="$STATE/inn/sasl" \
        /usr/lib/news/bin/nnrpd \
        -D -f -n -p "$NNTP_PORT" -4 127.0.0.1 -6 ::1 ;;
    nnrpd-tls)
      spawn nnrpd-tls runuser -u news -- env INNCONF="$STATE/inn/etc/inn.conf" SASL_CONF_PATH="$STATE/inn/sasl" \
        /usr/lib/news/bin/nnrpd \
        -D -f -n -S -p "$NNTPS_PORT" -4 127.0.0.1 -6 ::1 ;;
    vsftpd) spawn vsftpd /usr/sbin/vsftpd "$STATE/ftp/vsftpd.conf" ;;
    vsftpd-implicit) spawn vsftpd-implicit /usr/sbin/vsftpd "$STATE/ftp/vsftpd-implicit.conf" ;;
    pure-ftpd)
      spawn pure-ftpd "$OPT/usr/sbin/pure-ftpd" -S "127.0.0.1,$FTP_PUREFTPD_PORT" -4 -H -l unix \
        -p "$PASV_PUREFTPD_MIN:$PASV_PUREFTPD_MAX" -P 127.0.0.1 -Y 1 -2 "$STATE/tls/server-combined.pem" \
        -c 100 -C 100 -I 5 -U 022:022 -O "clf:$LOGS/pure-ftpd-xfer.log" -g "$RUN/pure-ftpd.internal.pid" ;;
    proftpd) spawn proftpd "$OPT/usr/sbin/proftpd" -n -q -c "$STATE/ftp/proftpd/proftpd.conf" ;;
    telnet-login)
      spawn telnet-login socat "TCP4-LISTEN:$TELNET_LOGIN_PORT,bind=127.0.0.1,reuseaddr,fork" \
        "EXEC:/usr/sbin/telnetd -h,nofork" ;;
    telnet-program)
      spawn telnet-program socat "TCP4-LISTEN:$TELNET_PROGRAM_PORT,bind=127.0.0.1,reuseaddr,fork" \
        "EXEC:/usr/sbin/telnetd -h -E $DAEMONS_SRC/telnet-program.sh,nofork" ;;
    gophernicus)
      # -i/-k: throttling out of reach (by default 4,096 hits in 30 minutes, and every test and
      # benchmark client here is 127.0.0.1). Not -nm: without shared memory gophernicus runs
      # lsb_release (a Python program) for every request, ~100 ms a menu.
      spawn gophernicus socat "TCP4-LISTEN:$GOPHER_PORT,bind=127.0.0.1,reuseaddr,fork" \
        "EXEC:/usr/sbin/gophernicus -h 127.0.0.1 -p $GOPHER_PORT -r $STATE/gopher -nv -nf -ns -nu -i 2000000000 -k 2000000000,nofork,su=nobody" ;;
    pygopherd) spawn pygopherd "$PY" /usr/sbin/pygopherd "$STATE/pygopherd-etc/pygopherd.conf" ;;
    xmlrpc) spawn xmlrpc "$PY" "$DAEMONS_SRC/xmlrpc-server.py" --port "$XMLRPC_PORT" ;;
    nginx) spawn nginx /usr/sbin/nginx -e "$LOGS/nginx-error.log" -c "$STATE/nginx/nginx.conf" ;;
    *) die "unknown daemon $name" ;;
  esac
  # shellcheck disable=SC2046
  if ! wait_ports "$name" 30 $(daemon_ports "$name"); then
    tail -20 "$LOGS/$name.out" >&2 || true
    die "$name did not open its ports ($(daemon_ports "$name")); see $LOGS/$name.out"
  fi
  daemon_pid "$name" >/dev/null || { tail -20 "$LOGS/$name.out" >&2; die "$name exited"; }
  [[ -n $STARTED_FILE ]] && echo "$name" >>"$STARTED_FILE"
  log "started $name (ports $(daemon_ports "$name"))"
}

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
((DO_INSTALL)) && install_packages
ensure_users

STAMP="$(cd "$DAEMONS_SRC" && cat config.env lib.sh up.sh seed.py smtp-recorder.py xmlrpc-server.py \
  telnet-program.sh | sha256sum | cut -c1-16)"
if [[ "$(cat "$STATE/.configured" 2>/dev/null)" != "$STAMP" ]]; then
  [[ -f "$STATE/.configured" ]] && log "test/daemons changed since the state directory was made: rebuilding it"
  # Stop whatever an older or half-finished setup left running before wiping its pid files.
  if [[ -d "$RUN" ]]; then for name in "${ALL_DAEMONS[@]}"; do stop_daemon "$name"; done; fi
  find "$STATE" -mindepth 1 -maxdepth 1 ! -name opt ! -name tls ! -name .lock ! -name 'apt-*.log' -exec rm -rf {} +
  configure_all
  echo "$STAMP" >"$STATE/.configured"
fi
mkdir -p "$RUN" "$LOGS"
# shellcheck source=extras.sh
. "$DAEMONS_SRC/extras.sh"
apply_extras

for name in "${ALL_DAEMONS[@]}"; do
  if daemon_healthy "$name"; then
    continue
  fi
  if daemon_pid "$name" >/dev/null; then
    log "$name is running but not answering: restarting it"
    stop_daemon "$name"
  fi
  for p in $(daemon_ports "$name"); do
    port_open "$p" && die "port $p (for $name) is taken by a process up.sh did not start: $(ss -ltnpH "sport = :$p" 2>/dev/null | head -1)"
  done
  start_daemon "$name"
done

if [[ ! -f "$STATE/inn/.seeded" ]]; then
  log "feeding articles to innd"
  "$PY" "$DAEMONS_SRC/seed.py" news "$STATE" || die "seeding news failed"
  touch "$STATE/inn/.seeded"
fi

log "all daemons up in $((SECONDS - T0))s (state: $STATE)"
