# @summary proxysql-sync on a ProxySQL host: watches the registrations in ZooKeeper and writes
#   this ProxySQL's `mysql_servers` for exactly the hostgroups in `hostgroups`.
#
# Needs `mysql_discovery::zk_connect`. None of `hostgroups` may be in ProxySQL's
# `mysql_replication_hostgroups` (the sync refuses to start: ProxySQL's monitor would fight it).
#
# @example In Hiera
#   classes: ['mysql_discovery::proxysql_sync', 'mysql_discovery::health_agent']
#   mysql_discovery::health_agent::mode: 'tcp'
#   mysql_discovery::proxysql_sync::proxysql_user: 'mysql-discovery'
#   mysql_discovery::proxysql_sync::proxysql_password: ENC[PKCS7,…]
#   mysql_discovery::proxysql_sync::hostgroups:
#     orders: { primary: 10, replica: 11, reporting-replica: 12 }
#     users: { primary: 20, replica: 21 }
#
# @param ensure
#   Whether the service runs.
# @param enable
#   Whether it starts at boot.
# @param restart_on_change
#   Whether a changed config, jar or secret restarts the service.
# @param hostgroups
#   Schema to hostgroup id per role (`primary`, `replica`, `reporting-replica`; a role may be
#   left out): exactly the hostgroups this sync owns, each used once. `replica-remote`,
#   `reporting-replica-remote`: the hostgroup of that role's replicas in other datacenters, required
#   for each schema routing the role when its `server_defaults` `remote` mode is `hostgroup`, refused
#   otherwise (and without the role's own hostgroup).
# @param bind_address
#   Address of `/health`, `/metrics` and `/status`.
# @param port
#   Their port.
# @param proxysql_host
#   The ProxySQL admin host to connect to (ProxySQL's `admin` user only logs in from localhost).
# @param proxysql_port
#   The admin port.
# @param status_name
#   This sync's name in ZooKeeper (`sync/<status_name>`), `host:port`, which the role agent's drain
#   and `wait-converged` wait on: it must differ between ProxySQL hosts, hence the host name.
# @param proxysql_user
#   The admin user.
# @param proxysql_password
#   Its password, written to `proxysql_password_file`.
# @param proxysql_password_file
#   Default `<secret_dir>/proxysql-admin.password`.
# @param connect_timeout_millis
#   Bound of one admin connect.
# @param socket_timeout_millis
#   Bound of one admin statement.
# @param poll_timeout_warn_above_millis
#   Warn when ProxySQL's `mysql-poll_timeout` is above this (held writes would be released late).
# @param drain_in_flight_max_millis
#   A leaving writer goes OFFLINE_SOFT first and leaves when no query runs on it, waiting at most this long.
#   0 removes it at once (ProxySQL may then execute an interrupted write twice): an opt-out, logged.
# @param datacenter
#   The datacenter of this ProxySQL, spelled as the health agents' `datacenter`. Set: reads prefer
#   replicas in it (see `server_defaults`' `remote`), and a primary moving to another datacenter is
#   paged. Unset: datacenters are ignored.
# @param server_defaults
#   Per role, `weight` and `maxConnections` of a server whose registration does not give its own;
#   for `replica` and `reporting-replica`, `remote`: how replicas in other datacenters are routed while
#   one of that schema and role is healthy in `datacenter` (`mode` `weight` with `weight`, or
#   `exclude`, or `hostgroup`: always in the schema's `<role>-remote` hostgroup, needs `datacenter`);
#   with none healthy here, remote replicas are routed in the role's hostgroup like local ones (in
#   `hostgroup` mode they stay in the remote hostgroup too). Not for `primary`.
# @param double_primary_grace_millis
#   Two primaries in a schema are refused at once and paged if it lasts this long.
# @param mass_removal_fraction
#   A plan removing more than this fraction of the managed servers at once is refused and paged.
# @param no_primary_page_after_millis
#   A schema without primary is applied, and paged if the gap lasts this long.
# @param blind_page_after_millis
#   Page when ZooKeeper has been unusable this long.
# @param admin_error_page_after_millis
#   Page when ProxySQL's admin has been failing this long.
# @param settle_after_reconnect_millis
#   After the ZooKeeper view was read again (new session, quorum back) or caught up after a reconnect, removals
#   of servers merely absent wait this long (their agents may not have re-registered yet); registrations older
#   than the window that keep vanishing keep it open longer (four windows at most). Default (undef): twice the
#   ZooKeeper session timeout. 0 turns the settle window off.
# @param debounce_millis
#   A change is applied once the view has been quiet this long…
# @param debounce_max_millis
#   …or at the latest this long after the first change of a burst.
# @param full_pass_interval_millis
#   Full pass: re-read ProxySQL, repair drift.
# @param sync_mode
#   `apply`, or `dry-run` to plan and log without writing.
# @param open_pages_file
#   Where the sync keeps the keys of its open pages, so that a restarted sync resolves them (below
#   `log_dir`: the one directory the unit may write). Default `<log_dir>/proxysql-sync-open-pages.json`.
# @param zk_user
#   This program's ZooKeeper user: its own identity, whose digest must be among
#   `mysql_discovery::zk_identities['syncs']`.
# @param zk_password
#   Its password, written to `zk_password_file` (one line, mode 0400). Leave unset when something
#   else puts that file there.
# @param zk_password_file
#   Default `<secret_dir>/proxysql-sync-zookeeper.password`.
# @param java_opts
#   JVM flags. The defaults keep the sync within 128 MiB RSS with 5,000 registrations (SyncFootprintBenchmark:
#   120 MiB under churn); the heap grows with the registrations: raise -Xmx (and memory_max) well beyond that.
# @param memory_max
#   systemd `MemoryMax` of the service.
class mysql_discovery::proxysql_sync (
  Hash[Mysql_discovery::Schema, Struct[{
        Optional['primary']                  => Integer[0],
        Optional['replica']                  => Integer[0],
        Optional['reporting-replica']        => Integer[0],
        Optional['replica-remote']           => Integer[0],
        Optional['reporting-replica-remote'] => Integer[0],
  }], 1] $hostgroups,
  Enum['running', 'stopped'] $ensure = 'running',
  Boolean $enable = true,
  Boolean $restart_on_change = true,
  Stdlib::IP::Address::Nosubnet $bind_address = '127.0.0.1',
  Mysql_discovery::Port $port = 9799,
  Stdlib::Host $proxysql_host = '127.0.0.1',
  Mysql_discovery::Port $proxysql_port = 6032,
  String[1] $status_name = "${facts['networking']['fqdn']}:${proxysql_port}",
  Pattern[/\A[\x21-\x7e]{1,128}\z/] $proxysql_user = 'admin',
  Optional[Sensitive[String[1]]] $proxysql_password = undef,
  Optional[Mysql_discovery::Path] $proxysql_password_file = undef,
  Integer[10, 600000] $connect_timeout_millis = 2000,
  Integer[100, 3600000] $socket_timeout_millis = 10000,
  Integer[1, 600000] $poll_timeout_warn_above_millis = 100,
  Integer[0, 10000] $drain_in_flight_max_millis = 300,
  Optional[Pattern[/\A[^\x00-\x1f\x7f]{1,128}\z/]] $datacenter = undef,
  Hash[Mysql_discovery::Role, Struct[{
        'weight'           => Integer[1, 10000000],
        'maxConnections'   => Integer[1, 1000000],
        Optional['remote'] => Variant[
          Struct[{ 'mode' => Enum['weight'], Optional['weight'] => Integer[1, 10000000] }],
          Struct[{ 'mode' => Enum['exclude'] }],
          Struct[{ 'mode' => Enum['hostgroup'] }],
        ],
  }]] $server_defaults = {
    'primary'           => { 'weight' => 1000, 'maxConnections' => 1000 },
    'replica'           => { 'weight' => 1000, 'maxConnections' => 1000, 'remote' => { 'mode' => 'weight', 'weight' => 1 } },
    'reporting-replica' => { 'weight' => 1000, 'maxConnections' => 1000, 'remote' => { 'mode' => 'weight', 'weight' => 1 } },
  },
  Mysql_discovery::Millis $double_primary_grace_millis = 5000,
  Float[0.0, 1.0] $mass_removal_fraction = 0.5,
  Mysql_discovery::Millis $no_primary_page_after_millis = 10000,
  Mysql_discovery::Millis $blind_page_after_millis = 60000,
  Mysql_discovery::Millis $admin_error_page_after_millis = 60000,
  Optional[Mysql_discovery::Millis] $settle_after_reconnect_millis = undef,
  Integer[0, 60000] $debounce_millis = 20,
  Integer[0, 600000] $debounce_max_millis = 100,
  Integer[1000, 86400000] $full_pass_interval_millis = 300000,
  Enum['apply', 'dry-run'] $sync_mode = 'apply',
  Optional[Mysql_discovery::Path] $open_pages_file = undef,
  Array[String[1]] $java_opts = ['-Xmx40m', '-Xss512k', '-XX:+UseSerialGC', '-XX:MaxMetaspaceSize=64m',
    '-XX:TieredStopAtLevel=1', '-XX:CICompilerCount=1', '-XX:ReservedCodeCacheSize=16m', '-XX:MaxDirectMemorySize=8m'],
  Mysql_discovery::Memory $memory_max = '384M',
  Pattern[/\A[^:\s]{1,256}\z/] $zk_user = 'proxysql-sync',
  Optional[Sensitive[String[1]]] $zk_password = undef,
  Optional[Mysql_discovery::Path] $zk_password_file = undef,
) {
  include mysql_discovery

  $program = 'proxysql-sync'
  unless $mysql_discovery::zk_connect {
    fail('mysql_discovery::proxysql_sync needs mysql_discovery::zk_connect')
  }
  $_zk_password_file = pick($zk_password_file, "${mysql_discovery::secret_dir}/proxysql-sync-zookeeper.password")
  $zk_secrets = $zk_password ? {
    undef   => {},
    default => { $_zk_password_file => $zk_password },
  }
  $zookeeper = mysql_discovery::zookeeper_config('proxysql_sync', $zk_user, $_zk_password_file)
  if $mass_removal_fraction <= 0 {
    fail('mysql_discovery::proxysql_sync: mass_removal_fraction must be more than 0')
  }
  if $debounce_max_millis < $debounce_millis {
    fail('mysql_discovery::proxysql_sync: debounce_max_millis must be at least debounce_millis')
  }
  # Each hostgroup has one owner; the program refuses a hostgroup used twice, say so at compile time.
  $ids = $hostgroups.map |$schema, $roles| { $roles.values }.flatten
  $twice = $ids.filter |$id| { $ids.filter |$other| { $other == $id }.length > 1 }.unique
  unless $twice.empty {
    fail("mysql_discovery::proxysql_sync: hostgroups ${twice.join(', ')} used more than once")
  }
  if $server_defaults.dig('primary', 'remote') != undef {
    # The writer hostgroup has the schema's one primary, in whatever datacenter it is.
    fail('mysql_discovery::proxysql_sync: server_defaults.primary.remote is not allowed')
  }
  # Remote hostgroups and `remote` mode `hostgroup` go together (the program refuses either without the other).
  ['replica', 'reporting-replica'].each |$role| {
    $remote_key = "${role}-remote"
    if $server_defaults.dig($role, 'remote', 'mode') == 'hostgroup' {
      unless $datacenter {
        fail("mysql_discovery::proxysql_sync: server_defaults.${role}.remote mode hostgroup needs datacenter")
      }
      $missing = $hostgroups.filter |$schema, $roles| { $role in $roles and !($remote_key in $roles) }.keys
      unless $missing.empty {
        $why = "server_defaults.${role}.remote mode hostgroup"
        fail("mysql_discovery::proxysql_sync: hostgroups of ${missing.join(', ')} need ${remote_key} (${why})")
      }
    } else {
      $unused = $hostgroups.filter |$schema, $roles| { $remote_key in $roles }.keys
      unless $unused.empty {
        $only = "is only used with server_defaults.${role}.remote mode hostgroup"
        fail("mysql_discovery::proxysql_sync: ${remote_key} of ${unused.join(', ')} ${only}")
      }
    }
    $orphans = $hostgroups.filter |$schema, $roles| { $remote_key in $roles and !($role in $roles) }.keys
    unless $orphans.empty {
      fail("mysql_discovery::proxysql_sync: ${remote_key} of ${orphans.join(', ')} needs ${role}")
    }
  }
  $empty = $hostgroups.filter |$schema, $roles| { $roles.empty }.keys
  unless $empty.empty {
    fail("mysql_discovery::proxysql_sync: hostgroups of ${empty.join(', ')} name no role")
  }

  $_password_file = pick($proxysql_password_file, "${mysql_discovery::secret_dir}/proxysql-admin.password")
  $secrets = $proxysql_password ? {
    undef   => {},
    default => { $_password_file => $proxysql_password },
  }

  $config = {
    'zookeeper'                 => $zookeeper,
    'http'                      => { 'bindAddress' => $bind_address, 'port' => $port },
    'logging'                   => $mysql_discovery::logging,
    'pager'                     => $mysql_discovery::pager,
    'proxysql'                  => {
      'host'                       => $proxysql_host,
      'port'                       => $proxysql_port,
      'user'                       => $proxysql_user,
      'passwordFile'               => $_password_file,
      'connectTimeoutMillis'       => $connect_timeout_millis,
      'socketTimeoutMillis'        => $socket_timeout_millis,
      'pollTimeoutWarnAboveMillis' => $poll_timeout_warn_above_millis,
      'drainInFlightMaxMillis'     => $drain_in_flight_max_millis,
      'statusName'                 => $status_name,
      'datacenter'                 => $datacenter,
    },
    'hostgroups'                => $hostgroups,
    'defaults'                  => $server_defaults,
    'guards'                    => {
      'doublePrimaryGraceMillis'   => $double_primary_grace_millis,
      'massRemovalFraction'        => $mass_removal_fraction,
      'noPrimaryPageAfterMillis'   => $no_primary_page_after_millis,
      'blindPageAfterMillis'       => $blind_page_after_millis,
      'adminErrorPageAfterMillis'  => $admin_error_page_after_millis,
      'settleAfterReconnectMillis' => $settle_after_reconnect_millis,
    },
    'debounce_millis'           => $debounce_millis,
    'debounce_max_millis'       => $debounce_max_millis,
    'full_pass_interval_millis' => $full_pass_interval_millis,
    'mode'                      => $sync_mode,
    'openPagesFile'             => pick($open_pages_file, "${mysql_discovery::log_dir}/proxysql-sync-open-pages.json"),
  }

  mysql_discovery::program { $program:
    ensure            => $ensure,
    config            => $config,
    secrets           => $secrets + $zk_secrets,
    description       => 'mysql-discovery proxysql-sync (ZooKeeper registrations to ProxySQL mysql_servers)',
    java_opts         => $java_opts,
    memory_max        => $memory_max,
    read_write_paths  => [$mysql_discovery::log_dir],
    after             => ['proxysql.service'],
    enable            => $enable,
    restart_on_change => $restart_on_change,
  }
}
