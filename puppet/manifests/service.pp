# @summary A program's hardened systemd unit `mysql-discovery-<program>.service` and its service.
#
# Used by the program classes; not meant to be declared on its own.
#
# @param program
#   The program.
# @param description
#   The unit's description.
# @param config_file
#   The config the program runs with.
# @param java_opts
#   JVM flags, before `-jar`.
# @param memory_max
#   The unit's `MemoryMax` (systemd kills the program beyond it and restarts it).
# @param read_write_paths
#   The only paths the program may write (everything else is read-only: `ProtectSystem=strict`).
# @param ensure
#   Whether the service runs.
# @param enable
#   Whether it starts at boot.
# @param after
#   Units to start after (besides the network), e.g. `mariadb.service`.
# @param args
#   Words between the jar and `--config`, e.g. `['serve']` for `mysql-discovery serve`.
# @param user
#   The user the service runs as; default `mysql_discovery::user`.
# @param group
#   Its group; default `mysql_discovery::group`.
define mysql_discovery::service (
  String[1] $description,
  Mysql_discovery::Path $config_file,
  Array[Pattern[/\A-[^\s'"\\$`;&|<>]+\z/]] $java_opts,
  Mysql_discovery::Memory $memory_max,
  Array[Mysql_discovery::Path] $read_write_paths,
  Mysql_discovery::Program_name $program = $title,
  Enum['running', 'stopped'] $ensure = 'running',
  Boolean $enable = true,
  Array[Pattern[/\A[A-Za-z0-9@._-]+\z/]] $after = [],
  Array[Pattern[/\A[a-z][a-z-]*\z/]] $args = [],
  Optional[String[1]] $user = undef,
  Optional[String[1]] $group = undef,
) {
  include mysql_discovery

  $unit = "mysql-discovery-${program}"
  $jar = "${mysql_discovery::lib_dir}/${mysql_discovery::jar_file($program)}"

  file { "/etc/systemd/system/${unit}.service":
    ensure  => file,
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    content => epp('mysql_discovery/unit.service.epp', {
        'description'      => $description,
        'user'             => pick($user, $mysql_discovery::user),
        'group'            => pick($group, $mysql_discovery::group),
        'args'             => $args,
        'java_bin'         => $mysql_discovery::java_bin,
        'java_opts'        => $java_opts,
        'jar'              => $jar,
        'config_file'      => $config_file,
        'memory_max'       => $memory_max,
        'read_write_paths' => $read_write_paths,
        'after'            => $after,
    }),
  }

  # Puppet's systemd provider runs `systemctl daemon-reload` itself when a unit file changed.
  service { $unit:
    ensure    => $ensure,
    enable    => $enable,
    provider  => 'systemd',
    subscribe => File["/etc/systemd/system/${unit}.service"],
  }
}
