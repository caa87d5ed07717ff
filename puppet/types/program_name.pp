# @summary The programs of the suite; each one ships as `<program>.jar`.
type Mysql_discovery::Program_name = Enum['health-agent', 'role-agent', 'proxysql-sync', 'cli', 'serve']
