# @summary An instance spelled as Orchestrator names it: `host:port`, IPv6 as `[addr]:port`.
type Mysql_discovery::Instance = Pattern[/\A([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}\z/]
