# @summary `mysql-discovery serve` on an Orchestrator host: the resident precheck service that
#   Orchestrator's PreFailoverProcesses line asks with curl, so no JVM starts during a failover.
#
# Declared by `mysql_discovery::orchestrator_hooks` when its pre-check is on. It reads its own
# config, `<config_dir>/serve.yaml`: the CLI's `mysql` and `precheck` settings (so the service and
# the `mysql-discovery precheck` fallback decide alike), the suite's `zookeeper` with serve's own
# identity, and a `serve` section (address, bearer token). It runs as the CLI's secret owner, who
# can read the MySQL password and, being the hook user, the token file.
#
# With ZooKeeper (`mysql_discovery::zk_connect`) it remembers the datacenter of every registration
# it saw, which the pre-check needs once the failed primary's registration is gone (issue 18), and
# shows the operator's status page (`status_page`). It reads ZooKeeper as the read-only `observer`
# identity by default (`zk_user`, `zk_password`), so give the suite an observer
# (`mysql_discovery::zk_identities['observers']`). To reach the page from a desk, bind
# `bind_address` to an address browsers reach, and prefer TLS.
#
# @param ensure
#   `running` or `stopped`.
# @param enable
#   Start at boot.
# @param bind_address
#   Address to listen on: loopback, as Orchestrator runs on this host.
# @param port
#   The service's port (docs/DESIGN.md Ports: 9796).
# @param token_file
#   The bearer token the hook lines send (the hooks' token file).
# @param tls
#   HTTPS. Default: on when `tls_keystore` is set. Off beside Orchestrator on loopback; bound to
#   any other address (to reach the status page from a desk) the catalog fails without a key
#   store, unless `tls => false` (the explicit opt-out: the token then crosses the network in
#   clear, warned).
# @param tls_keystore
#   The certificate chain and its key (PKCS12 or JKS), readable by the CLI's `secret_owner`.
# @param tls_keystore_password
#   The key store password, written to `tls_keystore_password_file`.
# @param tls_keystore_password_file
#   Default `<config_dir>/serve-keystore.password`.
# @param tls_keystore_type
#   `PKCS12` or `JKS`.
# @param connection_max_idle_millis
#   A probe's MySQL connection is kept this long for the next precheck.
# @param status_page
#   The operator's read-only status page on the same port, token and TLS (`GET /status/`, data
#   `GET /v1/status`; a browser logs in with any user name and the token as password). It reads
#   ZooKeeper (`mysql_discovery::zk_connect`) as `zk_user`; without `zk_connect` it is off. Off,
#   serve still reads ZooKeeper for the pre-check's datacenters.
# @param status_page_refresh_millis
#   How often the status page reads ZooKeeper.
# @param status_page_sync_configs
#   Config files of the syncs whose ProxySQL the page shows (runtime rows per hostgroup, read
#   through each admin interface with that sync's credentials): put there by your profile with the
#   admin password files they name, readable by the CLI's `secret_owner`, admins reachable from this
#   host. Only their `proxysql` and `hostgroups` sections are read. Empty: ZooKeeper's side only.
# @param status_page_proxysql_refresh_millis
#   How often those ProxySQLs are read.
# @param zk_user
#   serve's ZooKeeper user (the status page and the pre-check's datacenters): read only is enough,
#   so an observer's identity (its digest among `mysql_discovery::zk_identities['observers']`); an
#   operator's works too.
# @param zk_password
#   Its password, written to `zk_password_file` (one line, mode 0400, the CLI's `secret_owner`).
#   Leave unset when something else puts that file there.
# @param zk_password_file
#   Default `<config_dir>/serve-zookeeper.password`.
# @param java_opts
#   JVM flags.
# @param memory_max
#   systemd `MemoryMax` of the service.
class mysql_discovery::serve (
  Enum['running', 'stopped'] $ensure = 'running',
  Boolean $enable = true,
  Stdlib::IP::Address::Nosubnet $bind_address = '127.0.0.1',
  Mysql_discovery::Port $port = 9796,
  Mysql_discovery::Path $token_file = '/etc/mysql-discovery/orchestrator-hooks.token',
  Optional[Boolean] $tls = undef,
  Optional[Mysql_discovery::Path] $tls_keystore = undef,
  Optional[Sensitive[String[1]]] $tls_keystore_password = undef,
  Optional[Mysql_discovery::Path] $tls_keystore_password_file = undef,
  Enum['PKCS12', 'JKS'] $tls_keystore_type = 'PKCS12',
  Integer[0, 86400000] $connection_max_idle_millis = 300000,
  Boolean $status_page = true,
  Integer[100, 60000] $status_page_refresh_millis = 500,
  Array[Mysql_discovery::Path] $status_page_sync_configs = [],
  Integer[1000, 600000] $status_page_proxysql_refresh_millis = 5000,
  Pattern[/\A[^:\s]{1,256}\z/] $zk_user = 'observer',
  Optional[Sensitive[String[1]]] $zk_password = undef,
  Optional[Mysql_discovery::Path] $zk_password_file = undef,
  Array[Pattern[/\A-[^\s'"\\$`;&|<>]+\z/]] $java_opts = ['-Xmx64m', '-Xss512k', '-XX:+UseSerialGC'],
  Mysql_discovery::Memory $memory_max = '192M',
) {
  include mysql_discovery
  include mysql_discovery::cli

  $config_file = "${mysql_discovery::config_dir}/serve.yaml"
  $jar = "${mysql_discovery::lib_dir}/${mysql_discovery::jar_file('serve')}"
  $loopback = $bind_address =~ /\A(127\.|::1\z)/
  $_tls = pick_default($tls, $tls_keystore =~ NotUndef)
  if $_tls and !$tls_keystore {
    fail('mysql_discovery::serve: tls => true needs tls_keystore (the certificate chain and key) and tls_keystore_password')
  }
  if !$_tls and !$loopback {
    if $tls == false {
      warning(join(["mysql_discovery::serve: tls => false on ${bind_address}: the precheck and the status page serve plain HTTP,",
        'the bearer token crosses the network in clear'], ' '))
    } else {
      fail(join(["mysql_discovery::serve: bound to ${bind_address} (not loopback), the token would cross the network in clear:",
        'set tls_keystore and tls_keystore_password, or tls => false to serve plain HTTP anyway'], ' '))
    }
  }
  $_keystore_password_file = pick($tls_keystore_password_file, "${mysql_discovery::config_dir}/serve-keystore.password")
  if $_tls and $tls_keystore_password =~ NotUndef {
    mysql_discovery::secret { $_keystore_password_file:
      content => $tls_keystore_password,
      owner   => $mysql_discovery::cli::secret_owner,
      group   => $mysql_discovery::cli::secret_group,
      before  => Mysql_discovery::Service['serve'],
    }
  }
  $_zk_password_file = pick($zk_password_file, "${mysql_discovery::config_dir}/serve-zookeeper.password")
  # The status page and the pre-check's memory of datacenters (issue 18) read the view as a read-only
  # identity, whether the page is on or not: without ZooKeeper both are off (serve warns so).
  if $mysql_discovery::zk_connect {
    $_zookeeper = mysql_discovery::zookeeper_config('serve', $zk_user, $_zk_password_file)
    if $zk_password =~ NotUndef and !$mysql_discovery::zk_allow_unauthenticated {
      mysql_discovery::secret { $_zk_password_file:
        content => $zk_password,
        owner   => $mysql_discovery::cli::secret_owner,
        group   => $mysql_discovery::cli::secret_group,
        before  => Mysql_discovery::Service['serve'],
      }
    }
  } else {
    $_zookeeper = undef
  }
  $config = {
    'zookeeper' => $_zookeeper,
    'mysql'     => {
      'user'                 => $mysql_discovery::cli::mysql_user,
      'passwordFile'         => $mysql_discovery::cli::_password_file,
      'connectTimeoutMillis' => $mysql_discovery::cli::mysql_connect_timeout_millis,
    },
    'precheck'  => {
      'maxLagSeconds'        => $mysql_discovery::cli::precheck_max_lag_seconds,
      'deadlineMillis'       => $mysql_discovery::cli::precheck_deadline_millis,
      'allowCrossDatacenter' => $mysql_discovery::cli::precheck_allow_cross_datacenter,
    },
    'serve'     => {
      'http'                    => { 'bindAddress' => $bind_address, 'port' => $port },
      'auth'                    => { 'tokenFile' => $token_file },
      'tls'                     => $_tls ? {
        true    => {
          'keystore'             => $tls_keystore,
          'keystorePasswordFile' => $_keystore_password_file,
          'keystoreType'         => $tls_keystore_type,
        },
        default => undef,
      },
      'connectionMaxIdleMillis' => $connection_max_idle_millis,
      'statusPage'              => {
        'enabled'               => $status_page,
        'refreshMillis'         => $status_page_refresh_millis,
        'syncConfigs'           => $status_page_sync_configs,
        'proxysqlRefreshMillis' => $status_page_proxysql_refresh_millis,
      },
    },
  }


  $validate_cmd = $mysql_discovery::validate_config ? {
    true    => "${mysql_discovery::java_bin} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar ${jar} --check-config %",
    default => undef,
  }
  file { $config_file:
    ensure       => file,
    owner        => 'root',
    group        => $mysql_discovery::cli::secret_group,
    mode         => '0644',
    content      => epp('mysql_discovery/serve.yaml.epp', $config),
    validate_cmd => $validate_cmd,
    require      => [Class['mysql_discovery'], Mysql_discovery::Jar['cli']],
  }

  mysql_discovery::service { 'serve':
    ensure           => $ensure,
    enable           => $enable,
    description      => 'mysql-discovery serve: the precheck service of the Orchestrator hooks',
    config_file      => $config_file,
    java_opts        => $java_opts,
    memory_max       => $memory_max,
    read_write_paths => [],
    args             => ['serve'],
    user             => $mysql_discovery::cli::secret_owner,
    group            => $mysql_discovery::cli::secret_group,
    require          => File[$config_file],
    subscribe        => [File[$config_file], Mysql_discovery::Jar['cli']],
  }
}
