# @summary A role token, exactly as the role file and ZooKeeper spell it.
type Mysql_discovery::Role = Enum['primary', 'replica', 'reporting-replica']
