# @summary A systemd memory limit such as `192M` or `1G`.
type Mysql_discovery::Memory = Pattern[/\A[0-9]+[KMG]?\z/]
