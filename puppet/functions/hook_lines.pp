# @summary The Orchestrator hook lists of `files/orchestrator-hooks.json` with their tokens
#   (`@ROLE_AGENT_PORT@`, `@SCHEME@`, …) replaced.
#
# The hook lines have one source, `files/orchestrator-hooks.json`, kept by the role agent's
# authors and tested against it; Puppet only fills in the host's values. A token this function
# does not know is an error, not a line pasted into Orchestrator half-filled.
#
# @param hooks
#   The parsed file: a Hash of hook list name to Array of lines.
# @param tokens
#   Token (e.g. `@SCHEME@`) to the text that replaces it.
# @return [Hash[String, Array[String]]]
#   The hook lists, tokens replaced.
function mysql_discovery::hook_lines(
  Hash[String[1], Array[String]] $hooks,
  Hash[Pattern[/\A@[A-Z_]+@\z/], String] $tokens,
) >> Hash[String[1], Array[String[1]]] {
  $hooks.map |$list, $lines| {
    $filled = $lines.filter |$line| { $line !~ /\A\s*\z/ }.map |$line| {
      $tokens.reduce($line) |$text, $pair| {
        # Token values are shell-safe (no backslash, no `&`): regsubst's replacement is literal.
        regsubst($text, $pair[0], $pair[1], 'G')
      }
    }
    $filled.each |$line| {
      if $line =~ /@[A-Z_]+@/ {
        fail("mysql_discovery: orchestrator-hooks.json ${list} has a token Puppet does not fill: ${line}")
      }
    }
    [$list, $filled]
  }.convert_to(Hash)
}
