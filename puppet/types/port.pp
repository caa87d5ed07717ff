# @summary A TCP port a service listens on or connects to (never 0: a fleet needs a known port).
type Mysql_discovery::Port = Integer[1, 65535]
