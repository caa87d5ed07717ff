# @summary A duration in milliseconds (the programs' config fields end in `Millis`).
type Mysql_discovery::Millis = Integer[0, 86400000]
