# @summary One program's jar: by default its Debian package (`mysql-discovery` for the CLI,
#   `mysql-discovery-<program>` for the others, jar in `/usr/share/mysql-discovery`); with
#   `mysql_discovery::install_method` `jar`, the file `<install_dir>/lib/<jar>` (`<program>.jar`;
#   the CLI's is `mysql-discovery.jar`) from the source named by `mysql_discovery::jar_source` or
#   `mysql_discovery::jar_source_base`, checked against its pinned `mysql_discovery::jar_sha256`.
#
# @param program
#   The program.
define mysql_discovery::jar (
  Mysql_discovery::Program_name $program = $title,
) {
  include mysql_discovery

  $jar_file = mysql_discovery::jar_file($program)

  if $mysql_discovery::install_method == 'package' {
    $package = $program ? {
      /\A(cli|serve)\z/ => 'mysql-discovery', # `mysql-discovery serve` runs from the CLI's package
      default          => "mysql-discovery-${program}",
    }
    # The package's postinst creates the user only when Puppet has not (manage_user), and leaves
    # the service disabled: Puppet's unit and service resources decide.
    package { $package:
      ensure  => $mysql_discovery::package_ensure,
      require => Class['mysql_discovery'],
    }
  } else {
    $explicit = $mysql_discovery::jar_source[$program]
    if $explicit {
      $source = $explicit
    } elsif $mysql_discovery::jar_source_base {
      $source = "${mysql_discovery::jar_source_base}/${jar_file}"
    } else {
      $settings = "mysql_discovery::jar_source_base or mysql_discovery::jar_source['${program}']"
      fail("mysql_discovery: no source for ${jar_file}: set ${settings} (or install_method 'package')")
    }
    $sha256 = $mysql_discovery::jar_sha256[$program]
    unless $sha256 {
      fail("mysql_discovery: no checksum for ${jar_file}: set mysql_discovery::jar_sha256['${program}'] (sha256sum of the release's jar)")
    }

    file { "${mysql_discovery::lib_dir}/${jar_file}":
      ensure         => file,
      source         => $source,
      checksum       => 'sha256',
      checksum_value => $sha256,
      owner          => 'root',
      group          => 'root',
      mode           => '0644',
      backup         => false,
    }
  }
}
