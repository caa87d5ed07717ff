# @summary A ZooKeeper digest id `user:base64(sha1(user:password))`, as `mysql-discovery zk-acl digest` prints it.
type Mysql_discovery::Zk_digest = Pattern[/\A[^:\s]{1,256}:[A-Za-z0-9+\/]{27}=\z/]
