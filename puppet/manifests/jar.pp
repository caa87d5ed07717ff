# @summary One program's jar in `<install_dir>/lib/<jar>` (`<program>.jar`; the CLI's is
#   `mysql-discovery.jar`), from the source named by `mysql_discovery::jar_source` or
#   `mysql_discovery::jar_source_base`.
#
# @param program
#   The program.
define mysql_discovery::jar (
  Mysql_discovery::Program_name $program = $title,
) {
  include mysql_discovery

  $jar_file = mysql_discovery::jar_file($program)
  $explicit = $mysql_discovery::jar_source[$program]
  if $explicit {
    $source = $explicit
  } elsif $mysql_discovery::jar_source_base {
    $source = "${mysql_discovery::jar_source_base}/${jar_file}"
  } else {
    fail("mysql_discovery: no source for ${jar_file}: set mysql_discovery::jar_source_base or mysql_discovery::jar_source['${program}']")
  }

  file { "${mysql_discovery::lib_dir}/${jar_file}":
    ensure => file,
    source => $source,
    owner  => 'root',
    group  => 'root',
    mode   => '0644',
    backup => false,
  }
}
