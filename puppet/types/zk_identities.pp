# @summary The suite's ZooKeeper identities by kind of program (observers: optional, read only), as digest ids: the ACLs of every node are built
#   from them (docs/DESIGN.md, "ZooKeeper ACLs"). Every program gets the same lists.
type Mysql_discovery::Zk_identities = Struct[{
  'healthAgents' => Array[Mysql_discovery::Zk_digest, 1],
  'roleAgents'   => Array[Mysql_discovery::Zk_digest, 1],
  'syncs'        => Array[Mysql_discovery::Zk_digest, 1],
  'operators'    => Array[Mysql_discovery::Zk_digest, 1],
  Optional['observers'] => Array[Mysql_discovery::Zk_digest],
}]
