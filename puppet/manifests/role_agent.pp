# @summary The role agent of a MySQL host: the only writer of the role file after install; the
#   Orchestrator hooks call its HTTP API (port 9798) to demote, promote and drain.
#
# Needs `mysql_discovery::schema` (the role files) and `mysql_discovery::zk_connect`.
#
# @example In Hiera
#   classes: ['mysql_discovery::role_agent']
#   mysql_discovery::role_agent::token: ENC[PKCS7,…]
#   mysql_discovery::role_agent::mysql_password: ENC[PKCS7,…]
#
# @param ensure
#   Whether the service runs.
# @param enable
#   Whether it starts at boot.
# @param restart_on_change
#   Whether a changed config, jar or secret restarts the service.
# @param bind_address
#   Address of the API; default the host's address (`$facts['networking']['ip']`), not 0.0.0.0:
#   the callers are Orchestrator hooks on another host, and nothing else needs the port.
# @param port
#   Port of the API (and of `/health`, `/metrics`).
# @param authenticate
#   Whether callers need the bearer token. `false` writes `auth: none`: anyone who reaches the
#   port can move the primary.
# @param token
#   The bearer token (16 to 512 characters of `A-Za-z0-9._~+/=-`), written to `token_file`. The
#   Orchestrator hosts need the same one (`mysql_discovery::orchestrator_hooks::token`). Leave
#   unset when something else puts the file there.
# @param token_file
#   The token file; default `<secret_dir>/role-agent.token`.
# @param tls
#   Serve HTTPS only (default). Then `tls_keystore` (the certificate chain and its key) and
#   `tls_keystore_password` are required: without them the catalog fails. `false` is the explicit
#   opt-out to plain HTTP (the bearer token then crosses the network in clear; Puppet warns, and
#   `mysql_discovery::orchestrator_hooks::scheme` must be `http` to match).
# @param tls_keystore
#   The PKCS12/JKS key store holding this host's certificate chain and private key (managed
#   elsewhere; readable by the service user). The hooks verify it (`orchestrator_hooks::ca_file`).
# @param tls_keystore_password
#   The key store password, written to `tls_keystore_password_file`.
# @param tls_keystore_password_file
#   Default `<secret_dir>/role-agent-keystore.password`.
# @param tls_keystore_type
#   `PKCS12` or `JKS`.
# @param fence_on_demotion
#   Set `read_only=ON` on this mysqld when its role leaves primary.
# @param mysql_host
#   The mysqld to fence; default the host of `mysql_discovery::instance`.
# @param mysql_port
#   Its port; default the port of `mysql_discovery::instance`.
# @param mysql_user
#   A MySQL user with `READ_ONLY ADMIN` (MariaDB 10.11) or `SUPER`.
# @param mysql_password
#   Its password, written to `mysql_password_file`.
# @param mysql_password_file
#   Default `<secret_dir>/role-agent-mysql.password`.
# @param mysql_timeout_millis
#   Bound of the whole fencing call (connect + statement), at most 1500: it must end well within
#   the demotion hook's curl timeout.
# @param quarantine_write_timeout_millis
#   Bound of the quarantine write before a promotion flips anyway.
# @param drain_confirm_timeout_millis
#   Bound of a drain's wait for every proxysql-sync before it answers 504 (and Orchestrator aborts
#   the planned switchover).
# @param drain_default_seconds
#   Lease of a drain request that names no `seconds`.
# @param audit_log
#   The JSON-lines audit log of every change; default `<log_dir>/role-agent-audit.log`.
# @param audit_log_max_bytes
#   The agent rotates its audit log (to `.1`, `.2`, …) past this size.
# @param audit_log_files
#   Rotated audit logs kept.
# @param request_body_timeout_millis
#   A request body must arrive whole within this time (else 408); read without holding a thread.
# @param refused_burst
#   Refused (unauthenticated) requests one caller may make at full speed before it gets 429.
# @param refused_per_second
#   The refill rate of that allowance.
# @param refused_in_full_per_interval
#   Refusals per caller per interval written one by one to the audit and program logs; the rest
#   go into one summary line per interval.
# @param summary_interval_millis
#   How often that summary line is written.
# @param zk_user
#   This program's ZooKeeper user: its own identity, whose digest must be among
#   `mysql_discovery::zk_identities['roleAgents']`.
# @param zk_password
#   Its password, written to `zk_password_file` (one line, mode 0400). Leave unset when something
#   else puts that file there.
# @param zk_password_file
#   Default `<secret_dir>/role-agent-zookeeper.password`.
# @param java_opts
#   JVM flags.
# @param memory_max
#   systemd `MemoryMax` of the service.
class mysql_discovery::role_agent (
  Enum['running', 'stopped'] $ensure = 'running',
  Boolean $enable = true,
  Boolean $restart_on_change = true,
  Optional[Stdlib::IP::Address::Nosubnet] $bind_address = undef,
  Mysql_discovery::Port $port = 9798,
  Boolean $authenticate = true,
  Optional[Sensitive[String[1]]] $token = undef,
  Optional[Mysql_discovery::Path] $token_file = undef,
  Boolean $tls = true,
  Optional[Mysql_discovery::Path] $tls_keystore = undef,
  Optional[Sensitive[String[1]]] $tls_keystore_password = undef,
  Optional[Mysql_discovery::Path] $tls_keystore_password_file = undef,
  Enum['PKCS12', 'JKS'] $tls_keystore_type = 'PKCS12',
  Boolean $fence_on_demotion = true,
  Optional[Stdlib::Host] $mysql_host = undef,
  Optional[Mysql_discovery::Port] $mysql_port = undef,
  String[1, 128] $mysql_user = 'role_agent',
  Optional[Sensitive[String[1]]] $mysql_password = undef,
  Optional[Mysql_discovery::Path] $mysql_password_file = undef,
  Integer[50, 1500] $mysql_timeout_millis = 1000,
  Integer[10, 3000] $quarantine_write_timeout_millis = 1000,
  Integer[10, 30000] $drain_confirm_timeout_millis = 2000,
  Integer[1, 60] $drain_default_seconds = 10,
  Optional[Mysql_discovery::Path] $audit_log = undef,
  Integer[4096] $audit_log_max_bytes = 10485760,
  Integer[1, 100] $audit_log_files = 5,
  Integer[50, 30000] $request_body_timeout_millis = 1000,
  Integer[1, 100000] $refused_burst = 20,
  Integer[1, 100000] $refused_per_second = 2,
  Integer[0, 10000] $refused_in_full_per_interval = 5,
  Integer[100, 3600000] $summary_interval_millis = 10000,
  Array[String[1]] $java_opts = ['-Xmx48m', '-Xss512k', '-XX:+UseSerialGC', '-XX:MaxMetaspaceSize=64m', '-XX:TieredStopAtLevel=1'],
  Mysql_discovery::Memory $memory_max = '256M',
  Pattern[/\A[^:\s]{1,256}\z/] $zk_user = 'role-agent',
  Optional[Sensitive[String[1]]] $zk_password = undef,
  Optional[Mysql_discovery::Path] $zk_password_file = undef,
) {
  include mysql_discovery

  $program = 'role-agent'
  $secret_dir = $mysql_discovery::secret_dir
  $_token_file = pick($token_file, "${secret_dir}/role-agent.token")
  $_keystore_password_file = pick($tls_keystore_password_file, "${secret_dir}/role-agent-keystore.password")
  $_mysql_password_file = pick($mysql_password_file, "${secret_dir}/role-agent-mysql.password")
  $_audit_log = pick($audit_log, "${mysql_discovery::log_dir}/role-agent-audit.log")

  unless $mysql_discovery::schema {
    fail('mysql_discovery::role_agent needs mysql_discovery::schema (the schema this mysqld belongs to)')
  }
  unless $mysql_discovery::zk_connect {
    fail('mysql_discovery::role_agent needs mysql_discovery::zk_connect')
  }
  $_zk_password_file = pick($zk_password_file, "${mysql_discovery::secret_dir}/role-agent-zookeeper.password")
  $zk_secrets = $zk_password ? {
    undef   => {},
    default => { $_zk_password_file => $zk_password },
  }
  $zookeeper = mysql_discovery::zookeeper_config('role_agent', $zk_user, $_zk_password_file)
  if $token and $token.unwrap !~ /\A[A-Za-z0-9._~+\/=-]{16,512}\z/ {
    fail('mysql_discovery::role_agent: token must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = -')
  }

  $_bind_address = pick_default($bind_address, $facts.dig('networking', 'ip'))
  unless $_bind_address =~ Stdlib::IP::Address::Nosubnet {
    fail(join(['mysql_discovery::role_agent: no bind_address and no networking.ip fact:',
      'set bind_address to the address the Orchestrator hooks call'], ' '))
  }
  # The password file may come from elsewhere (like every secret); the key store is the minimum.
  if $tls and !$tls_keystore {
    fail(join(['mysql_discovery::role_agent: TLS is on by default: set tls_keystore (the certificate chain and key)',
      'and tls_keystore_password, or tls => false to serve plain HTTP (the bearer token then crosses the network in clear)'], ' '))
  }
  unless $tls {
    warning('mysql_discovery::role_agent: tls => false: the role API serves plain HTTP, the bearer token crosses the network in clear')
  }

  $secrets = {
    $_token_file             => $authenticate ? { true => $token, default => undef },
    $_keystore_password_file => $tls ? { true => $tls_keystore_password, default => undef },
    $_mysql_password_file    => $fence_on_demotion ? { true => $mysql_password, default => undef },
  }.filter |$path, $content| { $content =~ NotUndef }
  $config = {
    'instance'                        => $mysql_discovery::instance,
    'role_directory'                  => $mysql_discovery::role_dir,
    'zookeeper'                       => $zookeeper,
    'http'                            => { 'bindAddress' => $_bind_address, 'port' => $port },
    'tls'                             => $tls ? {
      true    => {
        'keystore'             => $tls_keystore,
        'keystorePasswordFile' => $_keystore_password_file,
        'keystoreType'         => $tls_keystore_type,
      },
      default => undef,
    },
    'auth'                            => $authenticate ? {
      true    => { 'tokenFile' => $_token_file },
      default => 'none',
    },
    'mysql'                           => $fence_on_demotion ? {
      true    => {
        'host'          => $mysql_host,
        'port'          => $mysql_port,
        'user'          => $mysql_user,
        'passwordFile'  => $_mysql_password_file,
        'timeoutMillis' => $mysql_timeout_millis,
      }.filter |$key, $value| { $value =~ NotUndef },
      default => undef,
    },
    'fence_on_demotion'               => $fence_on_demotion,
    'quarantine_write_timeout_millis' => $quarantine_write_timeout_millis,
    'drain_confirm_timeout_millis'    => $drain_confirm_timeout_millis,
    'drain_default_seconds'           => $drain_default_seconds,
    'audit_log'                       => $_audit_log,
    'pager'                           => $mysql_discovery::pager,
    'logging'                         => $mysql_discovery::logging,
    'limits'                          => {
      'requestBodyTimeoutMillis' => $request_body_timeout_millis,
      'refusedBurst'             => $refused_burst,
      'refusedPerSecond'         => $refused_per_second,
      'refusedInFullPerInterval' => $refused_in_full_per_interval,
      'summaryIntervalMillis'    => $summary_interval_millis,
      'auditLogMaxBytes'         => $audit_log_max_bytes,
      'auditLogFiles'            => $audit_log_files,
    },
  }

  mysql_discovery::program { $program:
    ensure            => $ensure,
    config            => $config,
    secrets           => $secrets + $zk_secrets,
    description       => 'mysql-discovery role agent (role file writer, Orchestrator hook API)',
    java_opts         => $java_opts,
    memory_max        => $memory_max,
    read_write_paths  => [$mysql_discovery::role_dir, $mysql_discovery::log_dir],
    after             => ['mariadb.service', 'mysql.service'],
    enable            => $enable,
    restart_on_change => $restart_on_change,
  }
}
