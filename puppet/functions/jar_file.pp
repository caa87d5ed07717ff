# @summary The file name of a program's jar, as the build names it (`<module>/target/<name>.jar`):
#   the CLI's is `mysql-discovery.jar`, the others' `<program>.jar`.
#
# @param program
#   The program.
# @return [String]
#   The jar's file name.
function mysql_discovery::jar_file(
  Mysql_discovery::Program_name $program,
) >> String {
  $program ? {
    'cli'   => 'mysql-discovery.jar',
    'serve' => 'mysql-discovery.jar', # `mysql-discovery serve`: the CLI's jar
    default => "${program}.jar",
  }
}
