#!/usr/bin/env bash
# Stages what the Debian packages need besides the jars (which jdeb takes from the modules'
# target/ directly): the configs: each package's control directory (control, maintainer
# scripts), doc directory (copyright, changelog.gz, README.md), and the systemd units.
# Usage: stage.sh MAVEN_VERSION OUT_DIR   (run by Maven in prepare-package; plain bash, sed, gzip)
set -euo pipefail

maven_version=$1
out=$2
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Debian orders 0.1.0~SNAPSHOT before 0.1.0. A native package (no Debian revision): upstream packages it
# itself, so its changelog is changelog.gz. The same version jdeb puts in the file names ([[version]]).
deb_version="${maven_version/-SNAPSHOT/~SNAPSHOT}"
rm -rf "$out"
mkdir -p "$out"
printf '%s\n' "$deb_version" > "$out/deb-version"

fill() { # fill TEMPLATE OUTPUT KEY=VALUE...
  local template=$1 output=$2 expr=() pair
  shift 2
  for pair in "$@"; do
    local value=${pair#*=}
    value=${value//\\/\\\\}
    value=${value//|/\\|}
    value=${value//&/\\&}
    expr+=(-e "s|@${pair%%=*}@|${value}|g")
  done
  sed "${expr[@]}" "$template" > "$output"
  if grep -n '@[A-Z_]*@' "$output"; then
    echo "stage.sh: unfilled placeholder in $output (from $template)" >&2
    exit 1
  fi
}

docs() { # docs PACKAGE README
  local package=$1 readme=$2
  mkdir -p "$out/$package/doc"
  cp "$src/copyright" "$out/$package/doc/copyright"
  cp "$readme" "$out/$package/doc/README.md"
  fill "$src/changelog" "$out/$package/doc/changelog" DEB_VERSION="$deb_version"
  # -n: no name or timestamp in the gzip header (reproducible; lintian checks it); -9: Debian's policy.
  gzip -n -9 -f "$out/$package/doc/changelog"
}

# The configs: each module's commented example, with its example secret files moved to where
# installed secrets live (/etc/mysql-discovery/secrets, created by the daemons' postinst).
mkdir -p "$out/etc"
for program in cli health-agent role-agent proxysql-sync; do
  sed -E 's#[a-z-]+/config/example-secrets/#/etc/mysql-discovery/secrets/#g' \
    "$src/../../../$program/config/example.yaml" > "$out/etc/$program.yaml"
done

# The CLI.
mkdir -p "$out/mysql-discovery/control"
fill "$src/control/cli.control" "$out/mysql-discovery/control/control" DEB_VERSION="$deb_version"
docs mysql-discovery "$src/../../../cli/README.md"
mkdir -p "$out/mysql-discovery/man"
fill "$src/man/mysql-discovery.1" "$out/mysql-discovery/man/mysql-discovery.1" VERSION="$maven_version"
gzip -n -9 -f "$out/mysql-discovery/man/mysql-discovery.1"

# The daemons: program|summary|long description|java opts|MemoryMax|ReadWritePaths|After.
while IFS='|' read -r program summary long java_opts memory_max rw_paths after; do
  [ -n "$program" ] || continue
  package="mysql-discovery-$program"
  mkdir -p "$out/$package/control" "$out/$package/systemd"
  vars=(PACKAGE="$package" PROGRAM="$program" JAR="$program.jar" DEB_VERSION="$deb_version"
        SUMMARY="$summary" LONG="$long" JAVA_OPTS="$java_opts" MEMORY_MAX="$memory_max"
        READ_WRITE_PATHS="$rw_paths" AFTER="$after"
        DESCRIPTION="mysql-discovery $program: $summary")
  fill "$src/control/daemon.control" "$out/$package/control/control" "${vars[@]}"
  for script in postinst prerm postrm; do
    fill "$src/control/daemon.$script" "$out/$package/control/$script" "${vars[@]}"
    chmod 0755 "$out/$package/control/$script"
  done
  fill "$src/systemd/unit.service.in" "$out/$package/systemd/mysql-discovery-$program.service" "${vars[@]}"
  docs "$package" "$src/../../../$program/README.md"
done <<'TABLE'
health-agent|registers this MySQL server in ZooKeeper while healthy| mysql-discovery keeps every ProxySQL pointed at the right MySQL servers, with\n ZooKeeper as the source of truth. The health agent runs on each MySQL host:\n it holds an ephemeral ZooKeeper node for its server only while every check\n passes (mysqld answers, replication caught up, read_only matches the role,\n not quarantined, not drained). In tcp mode it watches a ProxySQL port.|-Xmx48m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:TieredStopAtLevel=1|256M|/var/log/mysql-discovery|mariadb.service mysql.service proxysql.service
role-agent|answers Orchestrator's hooks on each MySQL host (role, quarantine, fence)| mysql-discovery keeps every ProxySQL pointed at the right MySQL servers, with\n ZooKeeper as the source of truth. The role agent runs on each MySQL host and\n is what Orchestrator's hooks call (authenticated HTTP): it flips the role\n file, quarantines a superseded primary, fences a demoted one and drains a\n primary before a planned switchover.|-Xmx48m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:TieredStopAtLevel=1|256M|/var/lib/mysql-discovery /var/log/mysql-discovery|mariadb.service mysql.service
proxysql-sync|writes the ZooKeeper view into ProxySQL's hostgroups| mysql-discovery keeps every ProxySQL pointed at the right MySQL servers, with\n ZooKeeper as the source of truth. proxysql-sync runs on each ProxySQL host: it\n watches ZooKeeper and rewrites exactly its hostgroups through the admin\n interface within milliseconds of a change, refusing and paging on a double\n primary or a mass removal.|-Xmx128m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m|384M|/var/log/mysql-discovery|proxysql.service
TABLE

# The long descriptions above carry "\n" for line breaks (one table line per program).
for control in "$out"/*/control/control; do
  sed -i 's/\\n/\n/g' "$control"
done
echo "staged Debian packages $deb_version in $out"
