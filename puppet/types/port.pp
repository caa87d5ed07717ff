# @summary A TCP port a service listens on or connects to: stdlib's ports without 0 (`Stdlib::Port`
#   admits 0, which means "any free port" to a listener; a fleet needs a known port).
type Mysql_discovery::Port = Variant[Stdlib::Port::Privileged, Stdlib::Port::Unprivileged]
