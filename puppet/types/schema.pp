# @summary A schema (one MySQL cluster) name, as in docs/DESIGN.md: `[a-z0-9][a-z0-9_-]{0,63}`.
type Mysql_discovery::Schema = Pattern[/\A[a-z0-9][a-z0-9_-]{0,63}\z/]
