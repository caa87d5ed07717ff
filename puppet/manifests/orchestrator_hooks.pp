# @summary On an Orchestrator host: the hook lines that tell the role agents about failovers,
#   and the orchestrator.conf.json fragment that carries them.
#
# The hook lines come from one place, `files/orchestrator-hooks.json` (kept with the role agent
# and tested against it); this class fills in the host's values (role agent port, scheme, token
# file, curl options, pre-check config) and writes
# `fragment_path`: a JSON object with `PreFailoverProcesses` (the pre-check that refuses a
# failover which would lose or fork data), `PreGracefulTakeoverProcesses` (drain the old primary
# before a planned switchover), `PostMasterFailoverProcesses` (demote the failed primary, promote
# the successor) and the Orchestrator settings this suite relies on. Orchestrator reads one
# config file: merge the fragment into it, or take the same Hash from
# `$mysql_discovery::orchestrator_hooks::settings` in the profile that writes orchestrator.conf.json.
#
# @example In Hiera
#   mysql_discovery::jar_source_base: 'https://artifacts.example.com/mysql-discovery/0.1.0'
#   mysql_discovery::orchestrator_hooks::token: ENC[PKCS7,…]
#   mysql_discovery::orchestrator_hooks::replication_credentials_query: >-
#     SELECT user, password FROM meta.replication_credentials
#
# @param fragment_path
#   Where the orchestrator.conf.json fragment goes.
# @param hook_user
#   The user Orchestrator (and so its hooks) runs as: owner of the token file.
# @param hook_group
#   Group of the token file and the fragment.
# @param role_agent_port
#   The role agents' HTTP port.
# @param scheme
#   `https` (default: the role agents serve TLS by default, `mysql_discovery::role_agent::tls`), or
#   `http` for role agents explicitly run with `tls: false`.
# @param ca_file
#   The CA certificate the hook lines verify the role agents' certificates with (`--cacert`);
#   unset: curl's system trust store.
# @param curl_opts
#   Extra curl options of every hook line, e.g. `['--cacert', '/etc/ssl/certs/internal-ca.pem']`.
# @param token
#   The role agents' bearer token, written to `token_file` (mode 0400, `hook_user`). Leave unset
#   when something else puts that file there.
# @param token_file
#   The token file the hook lines read.
# @param precheck
#   Whether `PreFailoverProcesses` runs the pre-check (installs `mysql_discovery::cli` and runs
#   `mysql_discovery::serve`, the resident precheck service the line asks).
#   Turning it off lets Orchestrator promote a replica with errant transactions or lag.
# @param precheck_config
#   The CLI config the pre-check reads (written by `mysql_discovery::cli`); the fallback of the
#   PreFailoverProcesses line when the precheck service does not answer.
# @param precheck_port
#   Port of `mysql-discovery serve` on this host (`mysql_discovery::serve`, loopback), which the
#   PreFailoverProcesses line asks with curl.
# @param prevent_cross_datacenter_master_failover
#   Orchestrator's `PreventCrossDataCenterMasterFailover`. True by default (safety over
#   liveness: a failover stays in the failed primary's data center); it needs
#   `detect_data_center_query` or `data_center_pattern`, or every server is in one data center.
# @param detect_data_center_query
#   Orchestrator's `DetectDataCenterQuery`, if set.
# @param data_center_pattern
#   Orchestrator's `DataCenterPattern` (a regexp on host names), if set.
# @param apply_mysql_promotion_after_master_failover
#   Orchestrator's `ApplyMySQLPromotionAfterMasterFailover`: the promoted replica gets
#   `read_only=0` and `RESET SLAVE ALL`. Keep it: the role agent flips routing, not read_only.
# @param recovery_period_block_seconds
#   Orchestrator's `RecoveryPeriodBlockSeconds`: no second recovery of the same cluster within it.
# @param replication_credentials_query
#   Orchestrator's `ReplicationCredentialsQuery`. Needed on MariaDB (no `mysql.slave_master_info`):
#   without it a graceful takeover leaves the old primary with an empty replication user.
# @param extra_settings
#   Further orchestrator.conf.json settings to put in the fragment; they win over the above,
#   but the three hook lists are this class's alone.
class mysql_discovery::orchestrator_hooks (
  Mysql_discovery::Path $fragment_path = '/etc/mysql-discovery/orchestrator-hooks.conf.json',
  String[1] $hook_user = 'root',
  String[1] $hook_group = 'root',
  Mysql_discovery::Port $role_agent_port = 9798,
  Enum['http', 'https'] $scheme = 'https',
  Optional[Pattern[/\A\/[A-Za-z0-9._\/:=+@%,-]+\z/]] $ca_file = undef,
  Array[Pattern[/\A[A-Za-z0-9._\/:=+@%,-]+\z/]] $curl_opts = [],
  Optional[Sensitive[String[1]]] $token = undef,
  Mysql_discovery::Path $token_file = '/etc/mysql-discovery/orchestrator-hooks.token',
  Boolean $precheck = true,
  Mysql_discovery::Path $precheck_config = '/etc/mysql-discovery/cli.yaml',
  Mysql_discovery::Port $precheck_port = 9796,
  Boolean $prevent_cross_datacenter_master_failover = true,
  Optional[String[1]] $detect_data_center_query = undef,
  Optional[String[1]] $data_center_pattern = undef,
  Boolean $apply_mysql_promotion_after_master_failover = true,
  Integer[0] $recovery_period_block_seconds = 3600,
  Optional[String[1]] $replication_credentials_query = undef,
  Hash[String[1], Data] $extra_settings = {},
) {
  include mysql_discovery

  if $scheme == 'http' {
    warning('mysql_discovery::orchestrator_hooks: scheme http: the bearer token crosses the network in clear')
  }

  # Every `…Processes` list of the canonical file is a hook list; these three must be there.
  $required_lists = ['PreFailoverProcesses', 'PreGracefulTakeoverProcesses', 'PostMasterFailoverProcesses']
  $canonical = parsejson(file('mysql_discovery/orchestrator-hooks.json')).filter |$key, $value| {
    $key =~ /Processes\z/
  }
  $missing = $required_lists.filter |$list| { !($list in $canonical) }
  unless $missing.empty {
    fail("mysql_discovery: orchestrator-hooks.json lacks ${missing.join(', ')}")
  }
  $clashes = $extra_settings.keys.filter |$key| { $key in $canonical }
  unless $clashes.empty {
    $names = $clashes.join(', ')
    fail("mysql_discovery::orchestrator_hooks: extra_settings must not set ${names}: the hook lines come from orchestrator-hooks.json")
  }

  $tokens = {
    '@ROLE_AGENT_PORT@' => String($role_agent_port),
    '@SCHEME@'          => $scheme,
    '@CURL_OPTS@'       => ($ca_file ? { undef => [], default => ['--cacert', $ca_file] } + $curl_opts).join(' '),
    '@TOKEN_FILE@'      => $token_file,
    '@PRECHECK_CONFIG@' => $precheck_config,
    '@PRECHECK_URL@'    => "http://127.0.0.1:${precheck_port}",
  }
  # Without the pre-check, drop the lines that run it (those naming its config), keep the rest.
  $selected = $canonical.map |$list, $lines| {
    [$list, $lines.filter |$line| { $precheck or $line !~ /@PRECHECK_CONFIG@/ }]
  }.convert_to(Hash)
  $hooks = mysql_discovery::hook_lines($selected, $tokens)

  $optional_settings = {
    'DetectDataCenterQuery'       => $detect_data_center_query,
    'DataCenterPattern'           => $data_center_pattern,
    'ReplicationCredentialsQuery' => $replication_credentials_query,
  }.filter |$key, $value| { $value =~ NotUndef }

  $settings = {
    'PreventCrossDataCenterMasterFailover'   => $prevent_cross_datacenter_master_failover,
    'ApplyMySQLPromotionAfterMasterFailover' => $apply_mysql_promotion_after_master_failover,
    'RecoveryPeriodBlockSeconds'             => $recovery_period_block_seconds,
  } + $optional_settings + $extra_settings + $hooks

  if $precheck {
    include mysql_discovery::cli
    # The PreFailoverProcesses line asks this service (no JVM start in the failover); it falls back
    # to the `mysql-discovery precheck` command when the service does not answer.
    class { 'mysql_discovery::serve':
      port       => $precheck_port,
      token_file => $token_file,
    }
    # A pre-check that cannot read its password exits non-zero, and Orchestrator then refuses every
    # failover: refuse that catalog instead.
    $cli_owner = $mysql_discovery::cli::secret_owner
    if $hook_user != 'root' and $mysql_discovery::cli::mysql_password and $cli_owner != $hook_user {
      fail("mysql_discovery::orchestrator_hooks: the pre-check runs as ${hook_user}, \
but mysql_discovery::cli::secret_owner is ${cli_owner}")
    }
  }

  if $token {
    mysql_discovery::secret { $token_file:
      content => $token,
      owner   => $hook_user,
      group   => $hook_group,
    }
    if $precheck {
      # serve.yaml is validated with --check-config, which reads the token file: write the token first.
      Mysql_discovery::Secret[$token_file] -> Class['mysql_discovery::serve']
    }
  }

  file { $fragment_path:
    ensure  => file,
    owner   => 'root',
    group   => $hook_group,
    mode    => '0644',
    content => "${to_json_pretty($settings)}\n",
  }
  if $precheck {
    # The lines send keys a serve from an older release refuses (issue 18's successor): the service
    # is updated and restarted before the lines that ask it change.
    Class['mysql_discovery::serve'] -> File[$fragment_path]
  }
}
