# @summary The `mysql-discovery` command: the operator CLI and the Orchestrator pre-check
#   (`mysql-discovery precheck`, run by `PreFailoverProcesses`).
#
# Installs the jar, a `mysql-discovery` wrapper and `<config_dir>/cli.yaml` (the CLI reads it by
# default). The pre-check runs as the user Orchestrator runs as: that user must be able to read
# the config and the MySQL password file, or every failover is refused. Hence the password file
# lives in `<config_dir>` (not the service user's `<secret_dir>`), owned by `secret_owner`.
#
# @example On an Orchestrator host running as user orchestrator, in Hiera
#   mysql_discovery::orchestrator_hooks::hook_user: 'orchestrator'
#   mysql_discovery::cli::secret_owner: 'orchestrator'
#   mysql_discovery::cli::mysql_password: ENC[PKCS7,…]
#
# @param wrapper
#   Where the `mysql-discovery` command goes (on Orchestrator's PATH).
# @param java_opts
#   JVM flags of the command: a short-lived process, so a small heap and no C2 compiler.
# @param zookeeper
#   Whether cli.yaml names the suite's ZooKeeper (from `mysql_discovery::zk_connect`), with the
#   operator identity (`zk_user`, `zk_password`): only the suite's identities may read its nodes.
# @param mysql_user
#   MySQL user for read-only checks: `SLAVE MONITOR` (MariaDB) or `REPLICATION CLIENT` (MySQL).
# @param mysql_password
#   Its password, written to `mysql_password_file` (mode 0400, `secret_owner`).
# @param mysql_password_file
#   Default `<config_dir>/cli-mysql.password`.
# @param mysql_connect_timeout_millis
#   Bound of one MySQL connection attempt.
# @param precheck_max_lag_seconds
#   The pre-check fails when no replica is within this of the most advanced one.
# @param precheck_deadline_millis
#   The pre-check ends within this, whatever the network does (Orchestrator waits for it).
# @param precheck_allow_cross_datacenter
#   True: the pre-check (and `mysql-discovery serve`) only warns about a promotion into another
#   datacenter than the failed primary's instead of refusing it (issue 18; an opt-out, warned at
#   catalog compilation and at every start of serve). Default false.
# @param known_schemas
#   The schemas this installation routes: `status` flags registered schemas outside the list. Optional.
# @param secret_owner
#   Owner of the password file: the user that runs the CLI (Orchestrator's user for the pre-check).
# @param secret_group
#   Its group.
# @param zk_user
#   This program's ZooKeeper user: its own identity, whose digest must be among
#   `mysql_discovery::zk_identities['operators']`, or `['observers']` (read only: enough for the
#   pre-check and `status`, and the right choice on an Orchestrator host).
# @param zk_password
#   Its password, written to `zk_password_file` (one line, mode 0400). Leave unset when something
#   else puts that file there.
# @param zk_password_file
#   Default `<config_dir>/cli-zookeeper.password`.
class mysql_discovery::cli (
  Mysql_discovery::Path $wrapper = '/usr/local/bin/mysql-discovery',
  Array[Pattern[/\A-[^\s'"\\$`;&|<>]+\z/]] $java_opts = ['-Xmx64m', '-Xss512k', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'],
  Boolean $zookeeper = true,
  String[1, 80] $mysql_user = 'mysql-discovery',
  Optional[Sensitive[String[1]]] $mysql_password = undef,
  Optional[Mysql_discovery::Path] $mysql_password_file = undef,
  Integer[10, 60000] $mysql_connect_timeout_millis = 1000,
  Integer[0, 86400] $precheck_max_lag_seconds = 10,
  Integer[500, 600000] $precheck_deadline_millis = 5000,
  Boolean $precheck_allow_cross_datacenter = false,
  Optional[Array[Mysql_discovery::Schema]] $known_schemas = undef,
  String[1] $secret_owner = 'root',
  String[1] $secret_group = 'root',
  Pattern[/\A[^:\s]{1,256}\z/] $zk_user = 'operator',
  Optional[Sensitive[String[1]]] $zk_password = undef,
  Optional[Mysql_discovery::Path] $zk_password_file = undef,
) {
  include mysql_discovery

  $program = 'cli'
  if $precheck_allow_cross_datacenter {
    warning("mysql_discovery::cli: precheck_allow_cross_datacenter is true: failovers into another datacenter \
than the failed primary's are only warned about, not refused (opt-out)")
  }
  $_zk_password_file = pick($zk_password_file, "${mysql_discovery::config_dir}/cli-zookeeper.password")
  $zk_secrets = $zk_password ? {
    undef   => {},
    default => { $_zk_password_file => $zk_password },
  }
  $_password_file = pick($mysql_password_file, "${mysql_discovery::config_dir}/cli-mysql.password")
  $secrets = $mysql_password ? {
    undef   => {},
    default => { $_password_file => $mysql_password },
  }
  # The operator identity: the CLI reads the view (which only the suite's identities may) and
  # adds and clears quarantines.
  if $zookeeper and $mysql_discovery::zk_connect {
    $_zookeeper = mysql_discovery::zookeeper_config('cli', $zk_user, $_zk_password_file)
    $_zk_secrets = $zk_secrets
  } else {
    $_zookeeper = undef
    $_zk_secrets = {}
  }
  $config = {
    'zookeeper' => $_zookeeper,
    'mysql'     => {
      'user'                 => $mysql_user,
      'passwordFile'         => $_password_file,
      'connectTimeoutMillis' => $mysql_connect_timeout_millis,
    },
    'precheck'  => {
      'maxLagSeconds'        => $precheck_max_lag_seconds,
      'deadlineMillis'       => $precheck_deadline_millis,
      'allowCrossDatacenter' => $precheck_allow_cross_datacenter,
    },
    'knownSchemas' => $known_schemas,
  }

  mysql_discovery::program { $program:
    config       => $config,
    secrets      => $secrets + $_zk_secrets,
    daemon       => false,
    secret_owner => $secret_owner,
    secret_group => $secret_group,
    # No secret inside: readable by the operators and by Orchestrator's user.
    config_group => 'root',
    config_mode  => '0644',
  }

  file { $wrapper:
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0755',
    content => @("WRAPPER"/$),
      #!/bin/sh
      # mysql-discovery command line. Managed by Puppet (mysql_discovery::cli).
      exec ${mysql_discovery::java_bin} ${java_opts.join(' ')} -jar ${mysql_discovery::lib_dir}/mysql-discovery.jar "\$@"
      | WRAPPER
    require => Mysql_discovery::Jar[$program],
  }
}
