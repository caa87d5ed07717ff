# @summary A secret file (password, token, routing key) as the programs read it: one line,
#   mode 0400, owned by the service user, never shown in diffs or reports.
#
# @param content
#   The secret. One line; a trailing newline is allowed (the programs strip it).
# @param path
#   Where the file goes.
# @param owner
#   Who may read it; the service user by default.
# @param group
#   Its group.
define mysql_discovery::secret (
  Sensitive[String[1]] $content,
  Mysql_discovery::Path $path = $title,
  Optional[String[1]] $owner = undef,
  Optional[String[1]] $group = undef,
) {
  include mysql_discovery

  $line = $content.unwrap.chomp
  # The programs refuse empty and multi-line secret files; refuse them here first, with a clear
  # message that names the file but not the secret.
  if $line.empty or $line =~ /[\r\n]/ {
    fail("mysql_discovery::secret[${title}]: a secret must be one non-empty line")
  }

  file { $path:
    ensure    => file,
    owner     => pick($owner, $mysql_discovery::user),
    group     => pick($group, $mysql_discovery::group),
    mode      => '0400',
    content   => Sensitive("${line}\n"),
    show_diff => false,
    backup    => false,
  }
}
