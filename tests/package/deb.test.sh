#!/usr/bin/env bash
# The Debian package (issue 17).
#   tests/package/deb.test.sh [BINARY]        default: build/release/doma
# Everywhere: scripts/make-deb builds it, lintian reports no error, every
# example in the shipped doma.conf is a setting doma knows, systemd-analyze
# verifies the unit and finds its sandbox as tight as it was made.
# As root on a machine where systemd is not running (a container): the
# package installs, creates the doma user and /var/lib/doma, serves as doma
# the way the unit starts it, stops cleanly on SIGTERM, survives a
# reinstall, and is removed (configuration and data kept) and purged (gone).
# It never touches a doma that was there before: it refuses instead.
set -euo pipefail
cd "$(dirname "$0")/../.."

BINARY="${1:-build/release/doma}"
START=$SECONDS
TMP="$(mktemp -d "${TMPDIR:-/tmp}/doma-deb-test.XXXXXX")"
SERVER_PID=""
OURS=0            # the package on this machine is the one this test installed
USER_BEFORE=0     # a doma user existed before the test (then it stays)

step() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
pkg_status() { dpkg-query -W -f='${db:Status-Status}' doma 2>/dev/null || echo absent; }
# Running, not a zombie waiting for its status to be collected.
alive() {
  local s
  s="$(ps -o stat= -p "$1" 2>/dev/null)" && [[ "$s" != Z* ]]
}

cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if ((OURS)); then
    case "$(pkg_status)" in
      absent | not-installed) ;;
      *) dpkg --purge doma >/dev/null 2>&1 || echo "cleanup: dpkg --purge doma failed" >&2 ;;
    esac
    # The package leaves its system user behind on purge (Debian's custom);
    # a test run should not.
    if ((!USER_BEFORE)) && getent passwd doma >/dev/null; then
      userdel doma 2>/dev/null || true
      getent group doma >/dev/null && { groupdel doma 2>/dev/null || true; }
    fi
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT

# Like scripts/install-deps: what is missing comes from Debian's archive.
need=()
command -v lintian >/dev/null || need+=(lintian)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v curl >/dev/null || need+=(curl)
command -v ps >/dev/null || need+=(procps)
command -v python3 >/dev/null || need+=(python3)
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

step "make-deb"
DEB="$(scripts/make-deb "$BINARY" "$TMP/out")"
VERSION="$(sed -nE 's/^project\(doma\b.*\bVERSION ([^ )]+)\).*/\1/p' CMakeLists.txt)"
[[ "$(basename "$DEB")" == "doma_${VERSION}_$(dpkg --print-architecture).deb" ]] ||
  fail "the package is $(basename "$DEB"), not doma_${VERSION}_$(dpkg --print-architecture).deb"
dpkg-deb --info "$DEB" | sed -n 's/^ \(Version\|Installed-Size\|Depends\): /  \1: /p'
# Every file root's: --root-owner-group must not have been lost.
if dpkg-deb --contents "$DEB" | awk '$2 != "root/root"' | grep .; then
  fail "files not owned by root/root in the package"
fi
mkdir "$TMP/root"
dpkg-deb --extract "$DEB" "$TMP/root"
if readelf -S --wide "$TMP/root/usr/bin/doma" | grep -E '\.(symtab|debug_|comment)'; then
  fail "usr/bin/doma is not stripped"
fi
for f in usr/share/doma/templates/layout.mustache usr/share/doma/data/catalog usr/share/doma/static/style.css \
  usr/share/doma/node_modules/leaflet/dist/leaflet.js etc/doma/doma.conf lib/systemd/system/doma.service \
  usr/lib/sysusers.d/doma.conf usr/share/doc/doma/copyright usr/share/man/man1/doma.1.gz; do
  [[ -e "$TMP/root/$f" ]] || fail "the package has no /$f"
done

step "lintian"
# Errors fail the test; warnings and notes are printed for the record.
lintian --display-info --pedantic "$DEB" >"$TMP/lintian.out" 2>&1 || true
grep -v '^running with root privileges' "$TMP/lintian.out" || true
grep -q '^E: ' "$TMP/lintian.out" && fail "lintian reports errors"
echo "lintian: no errors ($(grep -c '^W: ' "$TMP/lintian.out" || true) warnings)"

step "doma.conf: every setting and every commented example is one doma knows"
# Each line alone, uncommented, against the packaged home: a name doma does not
# know, or a value of the wrong kind, makes doma exit 2 (a problem with the
# value, like http:// on a public address, is 1 and is fine here).
n=0
while IFS= read -r line; do
  printf '%s\n' "$line" >"$TMP/one.conf"
  set +e
  out="$("$TMP/root/usr/bin/doma" check-config --config "$TMP/one.conf" \
    --home "$TMP/root/usr/share/doma" --db "$TMP/check/doma.db" 2>&1)"
  rc=$?
  set -e
  ((rc == 0 || rc == 1)) || fail "doma.conf line '$line' is refused: $out"
  n=$((n + 1))
done < <(sed -nE 's/^#?([a-z][a-z-]* = .*)$/\1/p' "$TMP/root/etc/doma/doma.conf")
((n >= 20)) || fail "only $n settings found in doma.conf"
echo "$n settings accepted"

step "systemd-analyze verify (the unit, pointed at the packaged binary)"
mkdir "$TMP/unit"
sed "s|^ExecStart=/usr/bin/doma|ExecStart=$TMP/root/usr/bin/doma|" \
  "$TMP/root/lib/systemd/system/doma.service" >"$TMP/unit/doma.service"
# The man page is checked after installing, where man can find it.
systemd-analyze verify --man=no "$TMP/unit/doma.service" 2>&1 | tee "$TMP/verify.out"
[[ ! -s "$TMP/verify.out" ]] || fail "systemd-analyze verify is not silent"
# The sandbox's exposure, 0 (tight) to 10: 1.4 when written; 2.0 is the most
# this test lets it loosen to.
systemd-analyze security --offline=true --threshold=20 --no-pager "$TMP/unit/doma.service" >"$TMP/security.out" 2>&1 ||
  { cat "$TMP/security.out"; fail "the unit's sandbox has been loosened (exposure above 2.0)"; }
tail -n 1 "$TMP/security.out"

if [[ $(id -u) -ne 0 ]]; then
  echo "SKIP: installing the package needs root (dpkg -i); the checks above passed"
  exit 0
fi
if [[ -d /run/systemd/system ]]; then
  echo "SKIP: systemd runs here, so dpkg -i would start doma.service system-wide; run this in a container"
  exit 0
fi
# Never take over (and then purge) a doma someone installed.
if [[ "$(pkg_status)" != absent && "$(pkg_status)" != not-installed ]]; then
  fail "a doma package is already on this machine ($(pkg_status)): remove it or run this elsewhere"
fi
for p in /etc/doma /var/lib/doma /usr/share/doma /usr/bin/doma; do
  [[ ! -e "$p" ]] || fail "$p exists already: refusing to install over (and purge) it"
done
getent passwd doma >/dev/null && USER_BEFORE=1

step "dpkg -i"
OURS=1
dpkg -i "$DEB"
[[ "$(pkg_status)" == installed ]] || fail "doma is $(pkg_status) after dpkg -i"
getent passwd doma >/dev/null || fail "no doma user"
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd doma)
((uid < 1000)) || fail "doma is not a system user (uid $uid)"
[[ "$home" == /var/lib/doma ]] || fail "doma's home is $home"
[[ "$shell" == */nologin ]] || fail "doma's shell is $shell"
[[ -f /etc/doma/doma.conf ]] || fail "no /etc/doma/doma.conf"
[[ "$(stat -c '%U:%G %a' /etc/doma/doma.conf)" == "root:doma 640" ]] ||
  fail "/etc/doma/doma.conf is $(stat -c '%U:%G %a' /etc/doma/doma.conf), not root:doma 640"
[[ "$(stat -c %U:%G /var/lib/doma)" == doma:doma ]] || fail "/var/lib/doma is owned by $(stat -c %U:%G /var/lib/doma)"
(((8#$(stat -c %a /var/lib/doma) & 8#027) == 0)) || fail "/var/lib/doma is mode $(stat -c %a /var/lib/doma), not 0750 or stricter"
[[ -L /etc/systemd/system/multi-user.target.wants/doma.service ]] || fail "doma.service is not enabled"
systemd-analyze verify /lib/systemd/system/doma.service 2>&1 | tee "$TMP/verify-installed.out"
[[ ! -s "$TMP/verify-installed.out" ]] || fail "systemd-analyze verify of the installed unit is not silent"
echo "systemd-analyze verify /lib/systemd/system/doma.service: no findings"

step "doma check-config (as root, and as doma)"
doma check-config >"$TMP/check-config.out" || { cat "$TMP/check-config.out"; fail "doma check-config failed as root"; }
runuser -u doma -- doma check-config >"$TMP/check-config.out" ||
  { cat "$TMP/check-config.out"; fail "doma check-config failed as doma"; }
grep -E '^(config|listen|db|home) = ' "$TMP/check-config.out"

# What the unit does, without systemd: User=doma, WorkingDirectory, UMask,
# LimitNOFILE, NoNewPrivileges, no capabilities, a clean environment, the
# packaged configuration. setpriv execs (no fork as runuser does), so the
# PID below is doma's own and SIGTERM reaches it as systemd would send it.
serve() {
  (
    cd /var/lib/doma
    umask 0077
    # LimitNOFILE=65536; where even root may not raise the hard limit (a
    # container without CAP_SYS_RESOURCE), as many as allowed.
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
      setpriv --reuid=doma --regid=doma --init-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- \
      /usr/bin/doma serve --listen "127.0.0.1:$PORT"
  ) >>"$TMP/serve.log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + 60))   # the first start creates and seeds the database
  until curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; do
    alive "$SERVER_PID" || { cat "$TMP/serve.log"; fail "doma serve exited before answering"; }
    ((SECONDS < deadline)) || { cat "$TMP/serve.log"; fail "doma serve did not answer within 60 s"; }
    sleep 0.5
  done
}

# SIGTERM, as systemctl stop sends it: doma must exit 0 within 15 s.
stop() {
  local t0=$SECONDS rc
  kill -TERM "$SERVER_PID"
  for _ in $(seq 150); do alive "$SERVER_PID" || break; sleep 0.1; done
  if alive "$SERVER_PID"; then
    cat "$TMP/serve.log"
    fail "doma serve still runs 15 s after SIGTERM"
  fi
  set +e
  wait "$SERVER_PID"
  rc=$?
  set -e
  SERVER_PID=""
  ((rc == 0)) || { cat "$TMP/serve.log"; fail "doma serve exited $rc after SIGTERM"; }
  grep -q '"msg":"stopped"' "$TMP/serve.log" || fail "doma serve did not log that it stopped"
  echo "stopped on SIGTERM in $((SECONDS - t0)) s, exit 0"
}

# The home page, rendered from the packaged templates and catalog.
home_page() {
  curl -fsS --max-time 10 -o "$TMP/home.html" "http://127.0.0.1:$PORT/" || return 1
  grep -qi '<html' "$TMP/home.html"
}

step "doma serve as doma"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
serve
echo "answering on 127.0.0.1:$PORT"
[[ "$(ps -o user= -p "$SERVER_PID" | tr -d ' ')" == doma ]] || fail "doma serve runs as $(ps -o user= -p "$SERVER_PID")"
home_page || fail "/ is not a page"
curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$PORT/static/style.css" || fail "no /static/style.css"
curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$PORT/vendor/leaflet/leaflet.js" || fail "no /vendor/leaflet/leaflet.js"
for f in doma.db doma.db.key; do
  [[ "$(stat -c %U /var/lib/doma/$f)" == doma ]] || fail "/var/lib/doma/$f is owned by $(stat -c %U /var/lib/doma/$f)"
done
# The database holds personal data and the key unseals it.
if find /var/lib/doma -mindepth 1 -perm /077 | grep .; then fail "files in /var/lib/doma others can read"; fi
ls -l /var/lib/doma
stop

step "dpkg -i again (an upgrade in place): the data and its owner stay"
dpkg -i "$DEB" >/dev/null
[[ "$(stat -c '%U:%G %a' /etc/doma/doma.conf)" == "root:doma 640" ]] || fail "doma.conf lost its mode on reinstall"
[[ "$(stat -c %U /var/lib/doma/doma.db)" == doma ]] || fail "the database changed owner on reinstall"
serve
home_page || fail "/ is not a page after the reinstall"
stop

step "dpkg -r: the program goes, configuration and data stay"
dpkg -r doma
[[ "$(pkg_status)" == config-files ]] || fail "doma is $(pkg_status) after dpkg -r"
for p in /usr/bin/doma /usr/share/doma /lib/systemd/system/doma.service /usr/lib/sysusers.d/doma.conf; do
  [[ ! -e "$p" ]] || fail "$p is still there after dpkg -r"
done
[[ -f /etc/doma/doma.conf ]] || fail "dpkg -r removed /etc/doma/doma.conf"
[[ -f /var/lib/doma/doma.db && -f /var/lib/doma/doma.db.key ]] || fail "dpkg -r removed the database or its key"

step "dpkg -P: everything goes"
dpkg -P doma
case "$(pkg_status)" in absent | not-installed) ;; *) fail "doma is $(pkg_status) after dpkg -P" ;; esac
for p in /etc/doma /var/lib/doma /etc/systemd/system/multi-user.target.wants/doma.service; do
  [[ ! -e "$p" && ! -L "$p" ]] || fail "$p is still there after dpkg -P"
done
dpkg-statoverride --list /etc/doma/doma.conf >/dev/null && fail "the statoverride of doma.conf is still there"

echo "PASS: the Debian package ($((SECONDS - START)) s)"
