# @summary A Hash as block-style YAML lines: nested Hashes as indented blocks, every scalar and
#   Array as JSON (JSON is YAML), so no value can break out of its field whatever it holds.
#
# Keys are written plain when they are plain field names, quoted otherwise: a schema called `on`,
# `no` or `0123` must stay that string, not become a YAML 1.1 boolean or octal number.
# Undef values are left out (the program applies its default).
#
# @param data
#   Field name to value.
# @return [Array[String]]
#   The lines, without newlines.
function mysql_discovery::yaml_lines(
  Hash[String[1], Data] $data,
) >> Array[String] {
  $reserved = ['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']
  $data.filter |$key, $value| { $value =~ NotUndef }.map |$key, $value| {
    $name = ($key =~ /\A[A-Za-z][A-Za-z0-9_-]*\z/ and !($key.downcase in $reserved)) ? {
      true    => $key,
      default => to_json($key),
    }
    $value ? {
      Hash[String, Data, 1] => ["${name}:"] + mysql_discovery::yaml_lines($value).map |$line| { "  ${line}" },
      default               => ["${name}: ${to_json($value)}"],
    }
  }.flatten
}
