# @summary One program of the suite on this host: its jar, its secret files, its config (checked
#   with the program's `--check-config` before it lands) and, for a daemon, its systemd service,
#   restarted when any of those change.
#
# Used by the program classes; not meant to be declared on its own.
#
# @param config
#   The config template's parameters.
# @param secrets
#   Secret file path to content (mode 0400, owned by `secret_owner`).
# @param program
#   The program.
# @param daemon
#   Whether the program runs as a service (all but the CLI).
# @param description
#   The unit's description.
# @param java_opts
#   JVM flags of the service.
# @param memory_max
#   systemd `MemoryMax` of the service.
# @param read_write_paths
#   The only paths the service may write.
# @param after
#   Units the service starts after.
# @param ensure
#   Whether the service runs.
# @param enable
#   Whether it starts at boot.
# @param restart_on_change
#   Whether a changed config, jar or secret restarts the service.
# @param secret_owner
#   Owner of the secret files; the service user by default.
# @param secret_group
#   Their group; the service group by default.
# @param config_group
#   Group of the config file; the service group by default.
# @param config_mode
#   Mode of the config file (it names secret files, never holds a secret).
define mysql_discovery::program (
  Hash[String[1], Any] $config,
  Hash[Mysql_discovery::Path, Sensitive[String[1]]] $secrets = {},
  Mysql_discovery::Program_name $program = $title,
  Boolean $daemon = true,
  String[1] $description = "mysql-discovery ${title}",
  Array[String[1]] $java_opts = [],
  Mysql_discovery::Memory $memory_max = '256M',
  Array[Mysql_discovery::Path] $read_write_paths = [],
  Array[String[1]] $after = [],
  Enum['running', 'stopped'] $ensure = 'running',
  Boolean $enable = true,
  Boolean $restart_on_change = true,
  Optional[String[1]] $secret_owner = undef,
  Optional[String[1]] $secret_group = undef,
  Optional[String[1]] $config_group = undef,
  Stdlib::Filemode $config_mode = '0640',
) {
  include mysql_discovery

  $config_file = "${mysql_discovery::config_dir}/${program}.yaml"
  $jar = "${mysql_discovery::lib_dir}/${mysql_discovery::jar_file($program)}"

  mysql_discovery::jar { $program: }

  $secrets.each |$path, $content| {
    mysql_discovery::secret { $path:
      content => $content,
      owner   => $secret_owner,
      group   => $secret_group,
    }
  }
  $secret_refs = $secrets.keys.map |$path| { Mysql_discovery::Secret[$path] }

  # A config the program would refuse never replaces a working one.
  $validate_cmd = $mysql_discovery::validate_config ? {
    true    => "${mysql_discovery::java_bin} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar ${jar} --check-config %",
    default => undef,
  }

  file { $config_file:
    ensure       => file,
    owner        => 'root',
    group        => pick($config_group, $mysql_discovery::group),
    mode         => $config_mode,
    content      => epp("mysql_discovery/${program}.yaml.epp", $config),
    validate_cmd => $validate_cmd,
    require      => [Class['mysql_discovery'], Mysql_discovery::Jar[$program]] + $secret_refs,
  }

  if $daemon {
    $changes = $restart_on_change ? {
      true    => [File[$config_file], Mysql_discovery::Jar[$program]] + $secret_refs,
      default => undef,
    }
    mysql_discovery::service { $program:
      ensure           => $ensure,
      enable           => $enable,
      description      => $description,
      config_file      => $config_file,
      java_opts        => $java_opts,
      memory_max       => $memory_max,
      read_write_paths => $read_write_paths,
      after            => $after,
      require          => File[$config_file],
      subscribe        => $changes,
    }
  }
}
