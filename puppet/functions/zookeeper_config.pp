# @summary A program's `zookeeper:` config section: the shared settings plus this program's identity and the
#   suite's identities (ACLs on), or the explicit opt-out `allowUnauthenticated: true`. Fails the catalog when
#   neither is configured: a program without ZooKeeper credentials would refuse to start anyway.
#
# @param program
#   The program class's name, for the messages.
# @param user
#   This program's ZooKeeper user.
# @param password_file
#   The file holding its password.
# @return [Hash]
#   The section's fields.
function mysql_discovery::zookeeper_config(
  String[1] $program,
  String[1] $user,
  String[1] $password_file,
) >> Hash {
  if $mysql_discovery::zk_allow_unauthenticated {
    warning("mysql_discovery::${program}: ZooKeeper authentication is OFF (zk_allow_unauthenticated): every node is world-writable")
    $mysql_discovery::zookeeper + { 'allowUnauthenticated' => true }
  } elsif $mysql_discovery::zk_identities =~ Undef {
    fail(@("MSG"/L)
      mysql_discovery::${program} needs ZooKeeper credentials: mysql_discovery::zk_identities (the suite's \
      digest ids, see mysql-discovery zk-acl digest) and this program's zk_password; or, to run without \
      authentication (every node world-writable), mysql_discovery::zk_allow_unauthenticated: true
      | MSG
    )
  } else {
    $mysql_discovery::zookeeper + {
      'auth'                 => {
        'user'         => $user,
        'passwordFile' => $password_file,
        'identities'   => $mysql_discovery::zk_identities,
      },
      'allowUnauthenticated' => false,
    }
  }
}
