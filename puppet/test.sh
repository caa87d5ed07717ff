#!/usr/bin/env bash
# Checks of the Puppet module mysql_discovery, all of them, offline:
#   1. puppet parser validate (manifests, functions, types) and puppet epp validate (templates);
#   2. puppet-lint --fail-on-warnings;
#   3. the rspec-puppet specs (every class compiles; files, units, modes, role file never replaced);
#   4. every program config template rendered with `puppet epp render` from sample values, and
#      every config the specs' catalogs rendered, passed to that program's --check-config.
# Step 4 needs the jars: in $PROGRAM_JARS_DIR/<program>.jar when set (Maven sets it to the jars it resolved from
# the reactor: puppet/target/program-jars), else at <repo>/<program>/target/<program>.jar (the CLI's:
# mysql-discovery.jar); a missing jar is skipped with a
# loud message (set REQUIRE_JARS=1 to make a missing jar a failure). Exits non-zero on any failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$here" || exit 2

failed=()
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; failed+=("$*"); }

for tool in puppet puppet-lint rspec java; do
  if ! command -v "$tool" >/dev/null; then
    echo "missing tool: $tool (apt-get install puppet puppet-lint ruby-rspec-puppet ruby-puppetlabs-spec-helper ruby-rspec puppet-module-puppetlabs-stdlib)" >&2
    # CI must run these checks; a developer machine without Puppet skips them, loudly.
    if [ "${CI:-false}" = true ]; then exit 2; fi
    printf '\n!!!!!!!!\n!! SKIPPED: the Puppet module checks need %s; not run on this machine.\n!!!!!!!!\n' "$tool" >&2
    exit 0
  fi
done
stdlib=""
for candidate in "${STDLIB_PATH:-}" /usr/share/puppet/modules/stdlib /usr/share/puppet/modules.available/puppetlabs-stdlib; do
  if [ -n "$candidate" ] && [ -f "$candidate/metadata.json" ]; then stdlib=$candidate; break; fi
done
[ -n "$stdlib" ] || { echo "puppetlabs-stdlib not found: apt-get install puppet-module-puppetlabs-stdlib" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mysql_discovery-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/modules" "$work/secrets" "$work/rendered" "$work/catalog" "$work/puppet"
ln -s "$here" "$work/modules/mysql_discovery"
ln -s "$stdlib" "$work/modules/stdlib"
# Keep Puppet's own state out of /etc/puppet and /var: nothing here touches the system.
puppet_dirs=(--confdir "$work/puppet/conf" --vardir "$work/puppet/var" --logdir "$work/puppet/log"
  --rundir "$work/puppet/run" --codedir "$work/puppet/code" --publicdir "$work/puppet/public")

# Sample files the rendered configs name: secrets (one line each, as Puppet writes them; the
# programs read them at --check-config), role files, a key store placeholder.
sample_secret() { printf '%s\n' "$2" > "$work/secrets/$1"; }
for name in mysql.password health-agent-mysql.password role-agent-mysql.password cli-mysql.password; do
  sample_secret "$name" 'mysql-password-sample'
done
sample_secret proxysql.password 'proxysql-admin-password-sample'
sample_secret proxysql-admin.password 'proxysql-admin-password-sample'
for program in health-agent role-agent proxysql-sync cli serve; do
  sample_secret "$program-zookeeper.password" 'zk-password-sample'
done
sample_secret orchestrator-hooks.token 'tokenSAMPLE-0123456789abcdefXYZ'
sample_secret pager-routing-key 'R0UT1NGKEYSAMPLE0123456789abcdef'
sample_secret role-agent.token 'tokenSAMPLE-0123456789abcdefXYZ'
sample_secret role-agent-keystore.password 'changeit'
printf 'not a real key store\n' > "$work/secrets/role-agent.p12"
mkdir -p "$work/roledir" "$work/log"
printf 'orders\n' > "$work/roledir/schema"
printf 'replica\n' > "$work/roledir/role"
chmod 0400 "$work"/secrets/*

# Facts for `puppet epp render` from a file: running Facter here is slow and noisy (containers).
render_node=(--node render.example.com --facts_terminus yaml)
mkdir -p "$work/puppet/var/yaml/facts"
printf -- '--- !ruby/object:Puppet::Node::Facts\nname: render.example.com\nvalues:\n  networking:\n    fqdn: render.example.com\n' \
  > "$work/puppet/var/yaml/facts/render.example.com.yaml"

step "puppet parser validate"
mapfile -t manifests < <(find manifests functions types -name '*.pp' | sort)
puppet parser validate "${puppet_dirs[@]}" "${manifests[@]}" || fail "puppet parser validate"

step "JSON and YAML files parse"
ruby -rjson -ryaml -e '
  %w[metadata.json files/orchestrator-hooks.json].each { |f| JSON.parse(File.read(f)) }
  %w[hiera.yaml data/common.yaml].each { |f| YAML.safe_load(File.read(f)) }
  Dir["spec/fixtures/**/*.yaml"].each { |f| YAML.safe_load(File.read(f)) }
  puts "ok"' || fail "JSON/YAML syntax"

step "puppet epp validate"
mapfile -t templates < <(find templates -name '*.epp' | sort)
puppet epp validate "${puppet_dirs[@]}" "${templates[@]}" || fail "puppet epp validate"

step "puppet-lint --fail-on-warnings (options: .puppet-lint.rc)"
puppet-lint --fail-on-warnings manifests functions types || fail "puppet-lint"

step "REFERENCE.md is what puppet-strings generates from the @param docs"
if command -v puppet >/dev/null && puppet strings --help >/dev/null 2>&1; then
  # puppet-strings writes .yardoc/ into the module: generate from a copy.
  mkdir -p "$work/strings"
  cp -r manifests functions types metadata.json "$work/strings/"
  if (cd "$work/strings" && puppet strings generate --format markdown --out REFERENCE.md >/dev/null 2>&1) &&
      diff -q "$work/strings/REFERENCE.md" REFERENCE.md >/dev/null; then
    echo "ok"
  else
    # Loud, not failing: a parameter added without regenerating must not block a merge.
    printf '\n!!!!!!!!\n!! STALE: puppet/REFERENCE.md differs from the @param docs: run\n!!   (cd puppet && puppet strings generate --format markdown --out REFERENCE.md)\n!!!!!!!!\n' >&2
  fi
else
  printf '!! SKIPPED: puppet-strings is not installed (apt-get install puppet-strings)\n' >&2
fi

step "rspec-puppet specs"
# With SAMPLE_ROOT set the specs also write every program config their catalogs render to $work/catalog (step 4).
SAMPLE_ROOT="$work" STDLIB_PATH="$stdlib" \
  rspec --format progress spec || fail "rspec"

step "config templates: puppet epp render + --check-config"

for program in health-agent role-agent proxysql-sync cli serve; do
  template="templates/$program.yaml.epp"
  samples="spec/fixtures/render/$program.yaml"
  if [ ! -f "$template" ]; then fail "$template is missing"; continue; fi
  if [ ! -f "$samples" ]; then fail "$samples is missing"; continue; fi
  sed -e "s|@SECRETS@|$work/secrets|g" -e "s|@ROLEDIR@|$work/roledir|g" -e "s|@LOGDIR@|$work/log|g" \
    "$samples" > "$work/$program-values.yaml"
  rendered="$work/rendered/$program.yaml"
  if ! puppet epp render "${puppet_dirs[@]}" --modulepath "$work/modules" "${render_node[@]}" \
      --values_file "$work/$program-values.yaml" "$template" > "$rendered"; then
    fail "puppet epp render $template"
    continue
  fi
  jar_name=$program module=$program
  # serve is the CLI's jar (`mysql-discovery serve`) with its own config file.
  case $program in cli|serve) jar_name=mysql-discovery module=cli ;; esac
  if [ -n "${PROGRAM_JARS_DIR:-}" ]; then
    jar="$PROGRAM_JARS_DIR/$jar_name.jar"
  else
    jar="$repo/$module/target/$jar_name.jar"
  fi
  if [ ! -f "$jar" ]; then
    printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! SKIPPED: %s --check-config: %s is not built\n' "$program" "$jar" >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
    [ "${REQUIRE_JARS:-0}" = 1 ] && fail "$jar is missing (REQUIRE_JARS=1)"
    continue
  fi
  configs=("$rendered")
  while IFS= read -r -d '' config; do configs+=("$config"); done \
    < <(find "$work/catalog" -name "$program*.yaml" -print0 | sort -z)
  for config in "${configs[@]}"; do
    label=${config#"$work/"}
    if out=$(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" --check-config "$config" 2>&1); then
      printf 'ok   %-14s %s\n' "$program" "$label"
    else
      printf '%s\n--- %s:\n' "$out" "$label" >&2
      cat -n "$config" >&2
      fail "$program --check-config $label"
    fi
  done
done

echo
if [ ${#failed[@]} -gt 0 ]; then
  printf 'puppet/test.sh: %d failure(s):\n' "${#failed[@]}" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "puppet/test.sh: all checks passed"
