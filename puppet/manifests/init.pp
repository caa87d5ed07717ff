# @summary Installs what every mysql-discovery program needs: the service user, the directories,
#   Java, and where the jars come from; holds the settings the programs share (ZooKeeper, pager,
#   logging, the role directory).
#
# The program classes (`mysql_discovery::health_agent`, `::role_agent`, `::proxysql_sync`,
# `::orchestrator_hooks`, `::cli`) include this class; declare it (or set its parameters in
# Hiera) to change the shared settings.
#
# @example A MySQL host, in Hiera
#   mysql_discovery::zk_connect: 'zk1:2181,zk2:2181,zk3:2181'
#   mysql_discovery::package_ensure: '0.1.0'
#   mysql_discovery::schema: 'orders'
#
# @param user
#   The service user every program runs as.
# @param group
#   The service user's group.
# @param manage_user
#   Whether to create the user and group (false when a directory service provides them).
# @param uid
#   Fixed uid of the service user, if wanted.
# @param gid
#   Fixed gid of the service group, if wanted.
# @param install_dir
#   With `install_method` `jar`: where the suite is installed; the jars go into its `lib`
#   subdirectory.
# @param config_dir
#   Where the program configs go.
# @param secret_dir
#   Where the secret files go (passwords, tokens, routing keys): one line each, mode 0400,
#   owned by the service user.
# @param role_dir
#   The role directory of a MySQL host: files `schema`, `role` and `drain-until`.
# @param log_dir
#   Where the programs write files of their own (the role agent's audit log); their logs go to
#   the journal.
# @param manage_java
#   Whether to install `java_package`.
# @param java_package
#   The Java runtime package (Java 17 or later).
# @param java_bin
#   The `java` executable the units and the config checks run.
# @param install_method
#   `package` (default): the Debian packages built with the suite (`mysql-discovery`,
#   `mysql-discovery-health-agent`, `mysql-discovery-role-agent`, `mysql-discovery-proxysql-sync`)
#   from the host's APT sources; the jars are in `/usr/share/mysql-discovery`. `jar`: each jar as a
#   file from `jar_source`/`jar_source_base` into `<install_dir>/lib`, checked against
#   `jar_sha256`.
# @param package_ensure
#   `ensure` of the packages: `installed`, `latest` or a version such as `0.1.0`; pin a version
#   to roll a release out deliberately.
# @param jar_sha256
#   With `install_method` `jar`: each program's jar's SHA-256 (64 hex digits), by program name.
#   Required for every jar Puppet downloads: a jar that does not match is not installed (and the
#   service keeps its old one).
# @param jar_source_base
#   With `install_method` `jar`: where the jars come from when `jar_source` names no source for a program: a `puppet:///`
#   path or an http(s) URL of a directory holding the jars as the build names them
#   (`health-agent.jar`, `role-agent.jar`, `proxysql-sync.jar`, `mysql-discovery.jar`). Use one directory per
#   release so a new release is a new source.
# @param jar_source
#   The source of one program's jar (`puppet:///…` or an http(s) URL), by program name
#   (`health-agent`, `role-agent`, `proxysql-sync`, `cli`); wins over `jar_source_base`.
# @param schema
#   MySQL hosts only: the schema (cluster) this mysqld belongs to, written to `<role_dir>/schema`
#   only when that file is absent.
# @param instance
#   MySQL hosts only: this host's mysqld exactly as Orchestrator names it (`host:port`, IPv6 as
#   `[addr]:port`); its `HostnameResolveMethod` decides whether that is a name or an address. The
#   health agent advertises, the role agent answers to and quarantines are keyed by this one
#   spelling: a mismatch lets a quarantined primary back in.
# @param validate_config
#   Whether a config file is checked with the program's `--check-config` before it replaces the
#   old one (a config the program would refuse never lands).
# @param initial_role
#   MySQL hosts only: the role written to `<role_dir>/role` only when that file is absent. After
#   that the role agent owns the file; Puppet never overwrites it, so it never undoes a failover.
# @param zk_connect
#   ZooKeeper connect string (`zk1:2181,zk2:2181,zk3:2181[/chroot]`); required by every program
#   but the CLI's pre-check.
# @param zk_root
#   The suite's root path in ZooKeeper.
# @param zk_session_timeout_millis
#   ZooKeeper session timeout: how long a dead agent's registration lingers.
# @param zk_connection_timeout_millis
#   How long one ZooKeeper connection attempt may take.
# @param zk_retry_base_sleep_millis
#   First ZooKeeper retry back-off.
# @param zk_retry_max_sleep_millis
#   Longest ZooKeeper retry back-off.
# @param zk_retry_max_retries
#   Retries of one ZooKeeper operation before it fails.
# @param zk_identities
#   The suite's ZooKeeper identities by kind (`healthAgents`, `roleAgents`, `syncs`, `operators`,
#   optional read-only `observers`),
#   as digest ids `user:base64(sha1(user:password))` (`mysql-discovery zk-acl digest` prints one):
#   every program authenticates as its own identity (`zk_user`, `zk_password` of its class) and
#   builds its nodes' ACLs from these lists. Required by every program class, unless
#   `zk_allow_unauthenticated`.
# @param zk_allow_unauthenticated
#   The explicit opt-out: the programs run without a ZooKeeper identity (every node
#   world-writable: anyone who reaches ZooKeeper can move a schema's writes); they warn at every
#   start and export `zookeeper_unauthenticated 1`.
# @param pager_kind
#   Where pages go: `pagerduty`, `webhook` or `log`.
# @param pager_url
#   The receiver URL (required for `webhook`; PagerDuty's Events API v2 URL by default).
# @param pager_routing_key
#   The PagerDuty routing key, written to `<secret_dir>/pager-routing-key` (pagerduty only).
# @param pager_timeout_millis
#   Bound of one delivery attempt.
# @param pager_attempts
#   Delivery attempts per page at most (429, 5xx and connection failures are retried with back-off).
# @param pager_retry_for_millis
#   No retry starts later than this after a page's first attempt.
# @param pager_queue_capacity
#   Pages waiting at most; more are dropped and counted.
# @param log_format
#   `text` for humans, `json` for one JSON object per line (the journal keeps either).
# @param log_level
#   Root log level.
class mysql_discovery (
  String[1] $user = 'mysql-discovery',
  String[1] $group = 'mysql-discovery',
  Boolean $manage_user = true,
  Optional[Integer[1]] $uid = undef,
  Optional[Integer[1]] $gid = undef,
  Mysql_discovery::Path $install_dir = '/opt/mysql-discovery',
  Mysql_discovery::Path $config_dir = '/etc/mysql-discovery',
  Mysql_discovery::Path $secret_dir = '/etc/mysql-discovery/secrets',
  Mysql_discovery::Path $role_dir = '/var/lib/mysql-discovery',
  Mysql_discovery::Path $log_dir = '/var/log/mysql-discovery',
  Boolean $manage_java = true,
  String[1] $java_package = 'openjdk-17-jre-headless',
  Mysql_discovery::Path $java_bin = '/usr/bin/java',
  Enum['package', 'jar'] $install_method = 'package',
  Pattern[/\A(installed|latest|[0-9][A-Za-z0-9.+~:-]*)\z/] $package_ensure = 'installed',
  Hash[Mysql_discovery::Program_name, Pattern[/\A[0-9a-f]{64}\z/]] $jar_sha256 = {},
  Optional[Pattern[/\A(puppet|https?):\/\/\S+\z/]] $jar_source_base = undef,
  Hash[Mysql_discovery::Program_name, Pattern[/\A((puppet|https?):\/\/|\/)\S+\z/]] $jar_source = {},
  Optional[Mysql_discovery::Schema] $schema = undef,
  Mysql_discovery::Role $initial_role = 'replica',
  Mysql_discovery::Instance $instance = "${facts['networking']['fqdn']}:3306",
  Boolean $validate_config = true,
  Optional[Pattern[/\A[^\s,]+(,[^\s,]+)*\z/]] $zk_connect = undef,
  Pattern[/\A\/[^\s]*\z/] $zk_root = '/mysql-discovery',
  Mysql_discovery::Millis $zk_session_timeout_millis = 6000,
  Mysql_discovery::Millis $zk_connection_timeout_millis = 3000,
  Mysql_discovery::Millis $zk_retry_base_sleep_millis = 100,
  Mysql_discovery::Millis $zk_retry_max_sleep_millis = 1000,
  Integer[0, 29] $zk_retry_max_retries = 3,
  Optional[Mysql_discovery::Zk_identities] $zk_identities = undef,
  Boolean $zk_allow_unauthenticated = false,
  Enum['pagerduty', 'webhook', 'log'] $pager_kind = 'log',
  Optional[Pattern[/\Ahttps?:\/\/\S+\z/]] $pager_url = undef,
  Optional[Sensitive[String[1]]] $pager_routing_key = undef,
  Integer[10, 60000] $pager_timeout_millis = 5000,
  Integer[1, 100] $pager_attempts = 20,
  Integer[0, 86400000] $pager_retry_for_millis = 300000,
  Integer[1, 100000] $pager_queue_capacity = 1000,
  Enum['text', 'json'] $log_format = 'text',
  Enum['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] $log_level = 'INFO',
) {
  # Where the units and the config checks find the jars.
  $lib_dir = $install_method ? {
    'package' => '/usr/share/mysql-discovery',
    default   => "${install_dir}/lib",
  }
  $pager_routing_key_file = "${secret_dir}/pager-routing-key"
  $agent_java_opts = ['-Xmx48m', '-Xss512k', '-XX:+UseSerialGC', '-XX:MaxMetaspaceSize=64m', '-XX:TieredStopAtLevel=1']

  # The config sections every program shares, in the programs' field names (see the partials in
  # templates/); the program classes pass them to their templates. The ZooKeeper identity is each
  # program's own (mysql_discovery::zookeeper_config).
  $zookeeper = {
    'connectString'           => $zk_connect,
    'root'                    => $zk_root,
    'sessionTimeoutMillis'    => $zk_session_timeout_millis,
    'connectionTimeoutMillis' => $zk_connection_timeout_millis,
    'retryBaseSleepMillis'    => $zk_retry_base_sleep_millis,
    'retryMaxSleepMillis'     => $zk_retry_max_sleep_millis,
    'retryMaxRetries'         => $zk_retry_max_retries,
  }
  $pager = {
    'kind'           => $pager_kind,
    'url'            => $pager_url,
    'routingKeyFile' => $pager_kind ? { 'pagerduty' => $pager_routing_key_file, default => undef },
    'timeoutMillis'  => $pager_timeout_millis,
    'attempts'       => $pager_attempts,
    'queueCapacity'  => $pager_queue_capacity,
    'retryForMillis' => $pager_retry_for_millis,
  }.filter |$key, $value| { $value =~ NotUndef }
  $logging = { 'format' => $log_format, 'level' => $log_level }

  if $manage_user {
    group { $group:
      ensure => present,
      gid    => $gid,
      system => true,
    }
    user { $user:
      ensure     => present,
      uid        => $uid,
      gid        => $group,
      system     => true,
      home       => $role_dir,
      managehome => false,
      shell      => '/usr/sbin/nologin',
      comment    => 'mysql-discovery',
      require    => Group[$group],
    }
  }

  if $manage_java {
    package { $java_package:
      ensure => installed,
    }
  }

  file {
    default:
      ensure => directory,
      owner  => 'root',
      group  => 'root',
      mode   => '0755';
    $config_dir:
    ;
    $secret_dir:
      group => $group,
      mode  => '0750';
    # The role agent replaces files here atomically (temp file + rename), so it needs the directory.
    $role_dir:
      owner => $user,
      group => $group;
    $log_dir:
      owner => $user,
      group => $group,
      mode  => '0750';
  }

  if $install_method == 'jar' {
    file { [$install_dir, $lib_dir]:
      ensure => directory,
      owner  => 'root',
      group  => 'root',
      mode   => '0755',
    }
  }

  if $schema {
    # Created only when absent: after install the role agent is the only writer of `role`, and a
    # Puppet run must never undo a failover. No mode either: the role agent's atomic writes leave
    # 0600 files, and Puppet would otherwise chmod them back on every run.
    file {
      default:
        ensure  => file,
        replace => false,
        owner   => $user,
        group   => $group;
      "${role_dir}/schema":
        content => "${schema}\n";
      "${role_dir}/role":
        content => "${initial_role}\n";
    }
  }

  if $pager_routing_key {
    mysql_discovery::secret { $pager_routing_key_file:
      content => $pager_routing_key,
    }
  }
  if $pager_kind == 'pagerduty' and !$pager_routing_key {
    notice("mysql_discovery: pager_kind is pagerduty but pager_routing_key is unset: ${pager_routing_key_file} must come from elsewhere")
  }
  if $pager_kind == 'webhook' and !$pager_url {
    fail('mysql_discovery: pager_kind webhook needs pager_url')
  }
}
