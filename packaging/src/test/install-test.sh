#!/usr/bin/env bash
# The Debian packages, checked as a user gets them (run by Maven in integration-test):
#   1. lintian reports no error (warnings are printed);
#   2. dpkg -i installs all four on this machine; every file is where it belongs, with its owner
#      and mode; the system user exists; the configs are conffiles;
#   3. each program answers --version from its installed jar (the CLI through /usr/bin/mysql-discovery);
#   4. dpkg --purge removes them again (the user and /var/lib/mysql-discovery stay, by design).
# Installing needs root on Debian (dpkg): elsewhere the install steps are skipped loudly, unless
# CI=true or REQUIRE_DEB_INSTALL=1, where they must run. Usage: install-test.sh TARGET_DIR
set -uo pipefail

target=$1
failed=()
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; failed+=("$*"); }
skip_or_fail() {
  printf '\n!!!!!!!!\n!! SKIPPED: %s\n!!!!!!!!\n' "$1" >&2
  if [ "${CI:-false}" = true ] || [ "${REQUIRE_DEB_INSTALL:-0}" = 1 ]; then
    fail "$1 (required in CI)"
  fi
}

programs=(health-agent role-agent proxysql-sync)
packages=(mysql-discovery mysql-discovery-health-agent mysql-discovery-role-agent mysql-discovery-proxysql-sync)
debs=()
for package in "${packages[@]}"; do
  deb=$(ls "$target/${package}"_*_all.deb 2>/dev/null | head -n 1)
  if [ -z "$deb" ]; then fail "no package $target/${package}_*_all.deb"; continue; fi
  debs+=("$deb")
  printf '%-34s %s (%s bytes)\n' "$package" "$(basename "$deb")" "$(stat -c %s "$deb")"
done

step "no test support in any package"
# The sandbox and the ProxySQL admin stand-in (proxysql-admin-standin) are test support: no shipped jar may carry
# their classes (org.mysqldiscovery.sandbox.*). The enforcer rule in packaging/pom.xml checks the dependency graph;
# this checks what the packages actually contain. Needs no root (dpkg-deb -x).
if command -v dpkg-deb >/dev/null && command -v jar >/dev/null; then
  for deb in "${debs[@]}"; do
    unpacked=$(mktemp -d)
    if ! dpkg-deb -x "$deb" "$unpacked"; then
      fail "dpkg-deb -x $(basename "$deb")"
    else
      while IFS= read -r -d '' jarfile; do
        if ! listing=$(jar tf "$jarfile"); then
          fail "jar tf $(basename "$deb"):${jarfile#"$unpacked"}"
        elif grep -q '^org/mysqldiscovery/sandbox/' <<< "$listing"; then
          fail "$(basename "$deb"):${jarfile#"$unpacked"} carries test support (org/mysqldiscovery/sandbox/)"
        else
          printf 'ok   no test support in %s:%s\n' "$(basename "$deb")" "${jarfile#"$unpacked"}"
        fi
      done < <(find "$unpacked" -name '*.jar' -print0)
    fi
    rm -rf "$unpacked"
  done
else
  skip_or_fail "dpkg-deb or jar is missing: cannot look into the packages"
fi

step "lintian"
if command -v lintian >/dev/null; then
  for deb in "${debs[@]}"; do
    out=$(lintian --tag-display-limit 0 "$deb" 2>&1)
    [ -n "$out" ] && printf '%s\n' "$out"
    if printf '%s\n' "$out" | grep -q '^E: '; then
      fail "lintian errors in $(basename "$deb")"
    else
      printf 'ok   lintian: no error in %s\n' "$(basename "$deb")"
    fi
  done
else
  skip_or_fail "lintian is not installed (apt-get install lintian)"
fi

step "dpkg -i, files, --version, dpkg --purge"
if [ "$(id -u)" != 0 ] || ! command -v dpkg >/dev/null || [ ! -f /etc/debian_version ]; then
  skip_or_fail "installing the packages needs root on Debian (dpkg -i)"
elif [ ${#debs[@]} -ne ${#packages[@]} ]; then
  fail "not every package was built"
else
  # One install test at a time on this machine; dpkg's own lock may be held by apt elsewhere: retry.
  exec 9>/run/lock/mysql-discovery-install-test.lock
  flock -w 600 9 || fail "another install test held the lock for 10 minutes"
  for package in "${packages[@]}"; do
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'installed'; then
      fail "$package is already installed on this machine: not touching it"
    fi
  done
  if [ ${#failed[@]} -eq 0 ]; then
    etc_existed=0
    [ -e /etc/mysql-discovery ] && etc_existed=1
    installed=0
    for attempt in $(seq 1 60); do
      if out=$(dpkg -i "${debs[@]}" 2>&1); then installed=1; break; fi
      if printf '%s' "$out" | grep -q 'lock'; then sleep 5; continue; fi
      printf '%s\n' "$out" >&2
      break
    done
    if [ $installed = 1 ]; then
      printf 'ok   dpkg -i %s\n' "${packages[*]}"
      check() { if eval "$2"; then printf 'ok   %s\n' "$1"; else fail "$1"; fi; }
      mode_owner() { [ "$(stat -c '%a %U %G' "$1")" = "$2" ]; }
      check "system user mysql-discovery" "getent passwd mysql-discovery >/dev/null && getent group mysql-discovery >/dev/null"
      check "/usr/bin/mysql-discovery 755 root" "mode_owner /usr/bin/mysql-discovery '755 root root'"
      check "/usr/share/mysql-discovery/mysql-discovery.jar" "mode_owner /usr/share/mysql-discovery/mysql-discovery.jar '644 root root'"
      check "man page mysql-discovery(1)" "[ -s /usr/share/man/man1/mysql-discovery.1.gz ]"
      check "/etc/mysql-discovery/cli.yaml 644" "mode_owner /etc/mysql-discovery/cli.yaml '644 root root'"
      check "/etc/mysql-discovery/secrets 750 root:mysql-discovery" "mode_owner /etc/mysql-discovery/secrets '750 root mysql-discovery'"
      check "/var/lib/mysql-discovery owned by mysql-discovery" "mode_owner /var/lib/mysql-discovery '755 mysql-discovery mysql-discovery'"
      check "/var/log/mysql-discovery 750 mysql-discovery" "mode_owner /var/log/mysql-discovery '750 mysql-discovery mysql-discovery'"
      for program in "${programs[@]}"; do
        check "/usr/share/mysql-discovery/$program.jar" "mode_owner /usr/share/mysql-discovery/$program.jar '644 root root'"
        check "/etc/mysql-discovery/$program.yaml 640 root:mysql-discovery" "mode_owner /etc/mysql-discovery/$program.yaml '640 root mysql-discovery'"
        check "/lib/systemd/system/mysql-discovery-$program.service" "grep -q '^ExecStart=/usr/bin/java .* -jar /usr/share/mysql-discovery/$program.jar --config /etc/mysql-discovery/$program.yaml\$' /lib/systemd/system/mysql-discovery-$program.service"
        check "$program.yaml is a conffile" "dpkg-query -W -f='\${Conffiles}' mysql-discovery-$program | grep -q '/etc/mysql-discovery/$program.yaml'"
        check "/usr/share/doc/mysql-discovery-$program/copyright" "[ -s /usr/share/doc/mysql-discovery-$program/copyright ]"
        check "no other operating system's natives in $program.jar" "listing=\$(jar tf /usr/share/mysql-discovery/$program.jar) && ! grep -qiE '\\.(dll|jnilib|dylib)\$' <<< \"\$listing\" && grep -q 'libnetty_tcnative_linux_x86_64.so' <<< \"\$listing\""
        if command -v systemd-analyze >/dev/null; then
          # Works without a running systemd; it reports unknown keys and bad values as warnings (exit 0).
          check "systemd-analyze verify mysql-discovery-$program.service: no warning" "out=\$(timeout 60 systemd-analyze verify --man=no /lib/systemd/system/mysql-discovery-$program.service 2>&1) && [ -z \"\$out\" ] || { printf '%s\\n' \"\$out\" >&2; false; }"
        fi
        expected="$program $(cat "$target/deb/deb-version" | sed 's/~/-/')"
        if version=$(java -jar "/usr/share/mysql-discovery/$program.jar" --version 2>&1) && [ "$version" = "$expected" ]; then
          printf 'ok   %s --version: %s\n' "$program" "$version"
        else
          fail "$program --version printed '$version', expected '$expected'"
        fi
      done
      check "cli.yaml is a conffile" "dpkg-query -W -f='\${Conffiles}' mysql-discovery | grep -q '/etc/mysql-discovery/cli.yaml'"
      if version=$(/usr/bin/mysql-discovery --version 2>&1) && [[ "$version" == mysql-discovery* ]]; then
        printf 'ok   mysql-discovery --version: %s\n' "$version"
      else
        fail "mysql-discovery --version printed '$version'"
      fi
      # The packaged cli.yaml is valid once the secret file it names exists (the site writes it).
      printf 'sample\n' > /etc/mysql-discovery/secrets/mysql-password
      # The example's identities are the digests of the example passwords: write the one its operator uses.
      printf 'example-only-change-me\n' > /etc/mysql-discovery/secrets/zookeeper-password
      if out=$(/usr/bin/mysql-discovery check-config cli /etc/mysql-discovery/cli.yaml 2>&1); then
        printf 'ok   mysql-discovery check-config cli /etc/mysql-discovery/cli.yaml\n'
      else
        printf '%s\n' "$out" >&2
        fail "the packaged cli.yaml fails its own check-config"
      fi
      rm -f /etc/mysql-discovery/secrets/mysql-password /etc/mysql-discovery/secrets/zookeeper-password
    else
      fail "dpkg -i ${debs[*]}"
    fi
    # Leave the machine as it was (but for the user and the role directory, which Debian keeps).
    if out=$(dpkg --purge "${packages[@]}" 2>&1); then
      printf 'ok   dpkg --purge\n'
    else
      printf '%s\n' "$out" >&2
      fail "dpkg --purge"
    fi
    check "/usr/bin/mysql-discovery is gone after purge" "[ ! -e /usr/bin/mysql-discovery ]"
    if [ $etc_existed = 0 ]; then
      check "/etc/mysql-discovery is gone after purge" "[ ! -e /etc/mysql-discovery ]"
    fi
  fi
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  printf 'packaging/install-test.sh: %d failure(s):\n' "${#failed[@]}" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "packaging/install-test.sh: all checks passed"
