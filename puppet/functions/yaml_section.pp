# @summary One top-level config section (`zookeeper:`, `pager:`, …) as block-style YAML, for the
#   config templates.
#
# @param key
#   The section's field name.
# @param data
#   Its fields.
# @return [String]
#   The section, without a trailing newline.
function mysql_discovery::yaml_section(
  Pattern[/\A[A-Za-z][A-Za-z0-9_-]*\z/] $key,
  Hash[String, Data] $data,
) >> String {
  mysql_discovery::yaml_lines({ $key => $data }).join("\n")
}
