# @summary The health agent: registers this mysqld in ZooKeeper (ephemeral node under
#   `mysql/<schema>/<role>/`) while every monitoring check passes (mode `mysql`, MySQL hosts), or
#   this ProxySQL under `proxysql/` while its port answers (mode `tcp`, ProxySQL hosts).
#
# Mode `mysql` needs `mysql_discovery::schema` (it reads the role files) and
# `mysql_discovery::instance`; both modes need `mysql_discovery::zk_connect`.
#
# @example A MySQL host, in Hiera
#   classes: ['mysql_discovery::health_agent', 'mysql_discovery::role_agent']
#   mysql_discovery::health_agent::mysql_password: ENC[PKCS7,…]
#   mysql_discovery::health_agent::datacenter: 'fra1'
#
# @example A ProxySQL host, in Hiera
#   classes: ['mysql_discovery::health_agent', 'mysql_discovery::proxysql_sync']
#   mysql_discovery::health_agent::mode: 'tcp'
#
# @param ensure
#   Whether the service runs.
# @param enable
#   Whether it starts at boot.
# @param restart_on_change
#   Whether a changed config, jar or secret restarts the service. A restart takes this instance
#   out of rotation until its first registration (a few seconds).
# @param mode
#   `mysql` (watch this host's mysqld) or `tcp` (watch a port, e.g. ProxySQL's).
# @param instance
#   What the agent registers as. Mode `mysql`: default `mysql_discovery::instance` (Orchestrator's
#   spelling). Mode `tcp`: default `<fqdn>:6033`.
# @param bind_address
#   Address of `/health` and `/metrics`.
# @param port
#   Their port.
# @param check_interval_millis
#   How often the checks run.
# @param check_timeout_millis
#   Bound of one round of checks.
# @param watchdog_millis
#   Bound of a reconcile pass and of a registration change: past it an independent watchdog
#   removes the registration. Default: check interval + 2 x check timeout (at least 500), as the
#   program derives it.
# @param rise
#   Consecutive passing rounds before the instance registers.
# @param fall
#   Consecutive failing rounds before it leaves.
# @param max_replication_lag_seconds
#   A replica lagging more leaves rotation.
# @param mysql_host
#   Mode `mysql`: address of this host's mysqld.
# @param mysql_port
#   Its port; default the port of `instance`.
# @param mysql_user
#   The monitoring user.
# @param mysql_password
#   Its password, written to `mysql_password_file`. Unset with `mysql_password_file` unset: no
#   password.
# @param mysql_password_file
#   Default `<secret_dir>/health-agent-mysql.password` when `mysql_password` is set.
# @param mysql_connect_timeout_millis
#   How long one connection attempt may take.
# @param tcp_host
#   Mode `tcp`: the address to probe; default the host of `instance`.
# @param tcp_port
#   Mode `tcp`: the port to probe; default the port of `instance`.
# @param heartbeat_table
#   A pt-heartbeat table (`database.table`) to measure lag with, instead of `Seconds_Behind_Master`.
# @param heartbeat_column
#   Its timestamp column.
# @param heartbeat_utc
#   Whether the heartbeat writer stores UTC.
# @param heartbeat_max_lag_millis
#   The largest acceptable heartbeat lag; default `max_replication_lag_seconds`.
# @param restore_marker_file
#   A file whose presence means "being restored": the instance stays out while it exists.
# @param require_buffer_pool_loaded
#   Stay out until InnoDB's buffer pool has been loaded after a restart.
# @param replica_read_only_required
#   A replica with `read_only=OFF` fails its checks (it could take writes meant for the primary).
# @param fencing_enabled
#   Set `read_only=ON` on a quarantined instance found writable (a crashed primary that came back).
# @param datacenter
#   The data center advertised in the registration.
# @param weight
#   ProxySQL weight advertised in the registration; 0 lets proxysql-sync apply its per-role default.
# @param max_connections
#   ProxySQL max_connections advertised in the registration; 0 lets proxysql-sync apply its per-role default.
# @param zk_user
#   This program's ZooKeeper user: its own identity, whose digest must be among
#   `mysql_discovery::zk_identities['healthAgents']`.
# @param zk_password
#   Its password, written to `zk_password_file` (one line, mode 0400). Leave unset when something
#   else puts that file there.
# @param zk_password_file
#   Default `<secret_dir>/health-agent-zookeeper.password`.
# @param java_opts
#   JVM flags.
# @param memory_max
#   systemd `MemoryMax` of the service.
class mysql_discovery::health_agent (
  Enum['running', 'stopped'] $ensure = 'running',
  Boolean $enable = true,
  Boolean $restart_on_change = true,
  Enum['mysql', 'tcp'] $mode = 'mysql',
  Optional[Mysql_discovery::Instance] $instance = undef,
  Stdlib::IP::Address::Nosubnet $bind_address = '127.0.0.1',
  Mysql_discovery::Port $port = 9797,
  Integer[50, 600000] $check_interval_millis = 1000,
  Integer[10, 60000] $check_timeout_millis = 1000,
  Optional[Integer[100, 600000]] $watchdog_millis = undef,
  Integer[1, 100] $rise = 2,
  Integer[1, 100] $fall = 1,
  Integer[0, 86400] $max_replication_lag_seconds = 10,
  Pattern[/\A([A-Za-z0-9._-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])\z/] $mysql_host = '127.0.0.1',
  Optional[Mysql_discovery::Port] $mysql_port = undef,
  Pattern[/\A[^\x00-\x1f\x7f]{1,80}\z/] $mysql_user = 'health',
  Optional[Sensitive[String[1]]] $mysql_password = undef,
  Optional[Mysql_discovery::Path] $mysql_password_file = undef,
  Integer[10, 60000] $mysql_connect_timeout_millis = 1000,
  Optional[Pattern[/\A([A-Za-z0-9._-]{1,253}|[0-9A-Fa-f:.]{2,45})\z/]] $tcp_host = undef,
  Optional[Mysql_discovery::Port] $tcp_port = undef,
  Optional[Pattern[/\A[A-Za-z0-9_$]{1,64}\.[A-Za-z0-9_$]{1,64}\z/]] $heartbeat_table = undef,
  Pattern[/\A[A-Za-z0-9_$]{1,64}\z/] $heartbeat_column = 'ts',
  Boolean $heartbeat_utc = true,
  Optional[Integer[1, 86400000]] $heartbeat_max_lag_millis = undef,
  Optional[Mysql_discovery::Path] $restore_marker_file = undef,
  Boolean $require_buffer_pool_loaded = false,
  Boolean $replica_read_only_required = true,
  Boolean $fencing_enabled = true,
  Optional[Pattern[/\A[^\x00-\x1f\x7f]{1,128}\z/]] $datacenter = undef,
  Integer[0] $weight = 0,
  Integer[0, 1000000] $max_connections = 0,
  Array[String[1]] $java_opts = ['-Xmx48m', '-Xss512k', '-XX:+UseSerialGC', '-XX:MaxMetaspaceSize=64m', '-XX:TieredStopAtLevel=1'],
  Mysql_discovery::Memory $memory_max = '256M',
  Pattern[/\A[^:\s]{1,256}\z/] $zk_user = 'health-agent',
  Optional[Sensitive[String[1]]] $zk_password = undef,
  Optional[Mysql_discovery::Path] $zk_password_file = undef,
) {
  include mysql_discovery

  $program = 'health-agent'
  unless $mysql_discovery::zk_connect {
    fail('mysql_discovery::health_agent needs mysql_discovery::zk_connect')
  }
  $_zk_password_file = pick($zk_password_file, "${mysql_discovery::secret_dir}/health-agent-zookeeper.password")
  $zk_secrets = $zk_password ? {
    undef   => {},
    default => { $_zk_password_file => $zk_password },
  }
  $zookeeper = mysql_discovery::zookeeper_config('health_agent', $zk_user, $_zk_password_file)

  if $mode == 'mysql' {
    unless $mysql_discovery::schema {
      fail('mysql_discovery::health_agent in mode mysql needs mysql_discovery::schema (the schema this mysqld belongs to)')
    }
    $_instance = pick($instance, $mysql_discovery::instance)
    $_mysql_password_file = $mysql_password ? {
      undef   => $mysql_password_file,
      default => pick($mysql_password_file, "${mysql_discovery::secret_dir}/health-agent-mysql.password"),
    }
    $secrets = $mysql_password ? {
      undef   => {},
      default => { $_mysql_password_file => $mysql_password },
    }
    $mode_config = {
      'role_directory'             => $mysql_discovery::role_dir,
      'mysql'                      => {
        'host'                 => $mysql_host,
        'port'                 => $mysql_port,
        'user'                 => $mysql_user,
        'passwordFile'         => $_mysql_password_file,
        'connectTimeoutMillis' => $mysql_connect_timeout_millis,
      }.filter |$key, $value| { $value =~ NotUndef },
      'heartbeat'                  => $heartbeat_table ? {
        undef   => undef,
        default => {
          'table'        => $heartbeat_table,
          'column'       => $heartbeat_column,
          'utc'          => $heartbeat_utc,
          'maxLagMillis' => $heartbeat_max_lag_millis,
        }.filter |$key, $value| { $value =~ NotUndef },
      },
      'restore_marker_file'        => $restore_marker_file,
      'require_buffer_pool_loaded' => $require_buffer_pool_loaded,
      'replica_read_only_required' => $replica_read_only_required,
      'fencing'                    => { 'enabled' => $fencing_enabled },
    }
    $after = ['mariadb.service', 'mysql.service']
  } else {
    $_instance = pick($instance, "${facts['networking']['fqdn']}:6033")
    $secrets = {}
    $mode_config = {
      'tcp' => { 'host' => $tcp_host, 'port' => $tcp_port }.filter |$key, $value| { $value =~ NotUndef },
    }
    $after = ['proxysql.service']
  }

  $config = {
    'mode'                        => $mode,
    'instance'                    => $_instance,
    'zookeeper'                   => $zookeeper,
    'http'                        => { 'bindAddress' => $bind_address, 'port' => $port },
    'logging'                     => $mysql_discovery::logging,
    'check_interval_millis'       => $check_interval_millis,
    'check_timeout_millis'        => $check_timeout_millis,
    'watchdog_millis'             => pick($watchdog_millis, max(500, $check_interval_millis + 2 * $check_timeout_millis)),
    'rise'                        => $rise,
    'fall'                        => $fall,
    'max_replication_lag_seconds' => $max_replication_lag_seconds,
    'datacenter'                  => $datacenter,
    'weight'                      => $weight,
    'max_connections'             => $max_connections,
  } + $mode_config

  mysql_discovery::program { $program:
    ensure            => $ensure,
    config            => $config,
    secrets           => $secrets + $zk_secrets,
    description       => "mysql-discovery health agent (mode ${mode}: registers ${_instance} while healthy)",
    java_opts         => $java_opts,
    memory_max        => $memory_max,
    # It only reads the role directory; the role agent writes it.
    read_write_paths  => [$mysql_discovery::log_dir],
    after             => $after,
    enable            => $enable,
    restart_on_change => $restart_on_change,
  }
}
