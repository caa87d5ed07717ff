# @summary `mysql-discovery serve` on an Orchestrator host: the resident precheck service that
#   Orchestrator's PreFailoverProcesses line asks with curl, so no JVM starts during a failover.
#
# Declared by `mysql_discovery::orchestrator_hooks` when its pre-check is on. It reads its own
# config, `<config_dir>/serve.yaml`: the CLI's `zookeeper`, `mysql` and `precheck` settings (so the
# service and the `mysql-discovery precheck` fallback decide alike) and a `serve` section (address,
# bearer token). With ZooKeeper it remembers the datacenter of every registration it saw, which the
# pre-check needs once the failed primary's registration is gone (issue 18), and serves the status
# page. It runs as the CLI's secret owner, who can read the MySQL password and, being the hook
# user, the token file.
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
  Array[Pattern[/\A-[^\s'"\\$`;&|<>]+\z/]] $java_opts = ['-Xmx64m', '-Xss512k', '-XX:+UseSerialGC'],
  Mysql_discovery::Memory $memory_max = '192M',
) {
  include mysql_discovery
  include mysql_discovery::cli

  $config_file = "${mysql_discovery::config_dir}/serve.yaml"
  $jar = "${mysql_discovery::lib_dir}/${mysql_discovery::jar_file('serve')}"
  $config = {
    'zookeeper' => $mysql_discovery::cli::_zookeeper,
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
      'http' => { 'bindAddress' => $bind_address, 'port' => $port },
      'auth' => { 'tokenFile' => $token_file },
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
