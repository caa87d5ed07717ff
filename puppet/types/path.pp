# @summary An absolute path that is safe to paste into a shell line or a YAML scalar unquoted:
#   no spaces, quotes, `$`, backquotes or other shell metacharacters. Orchestrator pastes hook
#   lines into bash as they are, so every path that reaches a hook line has this type.
#   `Stdlib::Absolutepath` would admit all of those (and Windows paths), hence this narrower type;
#   it is also a `Stdlib::Unixpath`.
type Mysql_discovery::Path = Pattern[/\A\/[A-Za-z0-9._\/+@%=-]*\z/]
