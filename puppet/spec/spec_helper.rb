# frozen_string_literal: true

# rspec-puppet setup: a throw-away module path holding this module and puppetlabs-stdlib (Debian's
# puppet-module-puppetlabs-stdlib, or STDLIB_PATH). No network access, nothing written to the tree.
require 'fileutils'
require 'json'
require 'yaml'
require 'tmpdir'
require 'rspec-puppet'

MODULE_ROOT = File.expand_path('..', __dir__)

def stdlib_path
  candidates = [ENV.fetch('STDLIB_PATH', nil), '/usr/share/puppet/modules/stdlib',
                '/usr/share/puppet/modules.available/puppetlabs-stdlib'].compact
  found = candidates.find { |p| File.exist?(File.join(p, 'metadata.json')) }
  found || abort("puppetlabs-stdlib not found (tried #{candidates.join(', ')}): " \
                 'apt-get install puppet-module-puppetlabs-stdlib or set STDLIB_PATH')
end

FIXTURE_ROOT = Dir.mktmpdir('mysql_discovery-spec-')
FIXTURE_MODULES = File.join(FIXTURE_ROOT, 'modules')
FileUtils.mkdir_p(FIXTURE_MODULES)
File.symlink(MODULE_ROOT, File.join(FIXTURE_MODULES, 'mysql_discovery'))
File.symlink(stdlib_path, File.join(FIXTURE_MODULES, 'stdlib'))
at_exit { FileUtils.remove_entry(FIXTURE_ROOT) }

DEFAULT_FACTS = {
  'networking' => { 'fqdn' => 'db1.example.com', 'hostname' => 'db1', 'ip' => '10.0.0.11' },
  'os' => { 'family' => 'Debian', 'name' => 'Debian', 'release' => { 'major' => '12', 'full' => '12.7' } },
  'kernel' => 'Linux',
  'osfamily' => 'Debian',
  'operatingsystem' => 'Debian',
  'path' => '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'service_provider' => 'systemd',
}.freeze

RSpec.configure do |c|
  # No spec/fixtures/modules link back to the module: the module path above is the only one.
  c.setup_fixtures = false
  c.module_path = FIXTURE_MODULES
  c.manifest = File.join(FIXTURE_ROOT, 'site.pp')
  c.default_facts = DEFAULT_FACTS
  c.strict_variables = true
  c.before(:suite) { File.write(File.join(FIXTURE_ROOT, 'site.pp'), '') }
end

# The hook lines every spec expects, read from the one canonical source.
def canonical_hooks
  JSON.parse(File.read(File.join(MODULE_ROOT, 'files', 'orchestrator-hooks.json')))
end

# test.sh sets SAMPLE_ROOT to a directory with secrets/, roledir/, log/ and catalog/: contexts that
# use sample_base write the program configs their catalogs render into catalog/, and test.sh then
# runs each program's --check-config on them. Without SAMPLE_ROOT nothing is written.
SAMPLE_ROOT = ENV.fetch('SAMPLE_ROOT', nil)

# The suite's ZooKeeper identities: the digests of each default user with the password test.sh writes
# into secrets/<program>-zookeeper.password ('zk-password-sample').
SAMPLE_ZK_IDENTITIES = {
  'healthAgents' => ['health-agent:CcpMIg8I1Ksq80LOUZn7ikzdeNU='], 'roleAgents' => ['role-agent:aGenBRRp69Q5hbTCGGO3OUfnCoQ='],
  'syncs' => ['proxysql-sync:VZDgt+fuqxoIXHDIa56QSbvDl/w='], 'operators' => ['operator:eAGviw66Ku70/kT3MgGBCUHe/j8='],
  'observers' => ['observer:S1v/v4f29IhZtycXSw2mVMuQR2k='],
}.freeze

# A base class declaration whose paths point into SAMPLE_ROOT, so the rendered configs name secret
# files that exist when test.sh checks them.
SAMPLE_SHA256 = '0123456789abcdef' * 4

def sample_base(extra = {})
  root = SAMPLE_ROOT || '/nonexistent-sample-root'
  params = {
    'zk_connect' => 'zk1.example.com:2181,zk2.example.com:2181,zk3.example.com:2181',
    # The jar file source (install_method 'jar'); the package default has its own spec (install_spec.rb).
    'install_method' => 'jar',
    'jar_source_base' => 'https://artifacts.example.com/mysql-discovery/0.1.0',
    'jar_sha256' => ['health-agent', 'role-agent', 'proxysql-sync', 'cli'].to_h { |program| [program, SAMPLE_SHA256] },
    'secret_dir' => "#{root}/secrets",
    'role_dir' => "#{root}/roledir",
    'log_dir' => "#{root}/log",
    'schema' => 'orders',
    'instance' => 'db1.example.com:3306',
    'zk_identities' => SAMPLE_ZK_IDENTITIES,
  }.merge(extra)
  "class { 'mysql_discovery':\n" + params.map { |k, v| "  #{k} => #{puppet_literal(v)},\n" }.join + "}\n"
end

def puppet_literal(value)
  case value
  when String then "'#{value.gsub('\\', '\\\\\\\\').gsub("'", "\\\\'")}'"
  when Array then "[#{value.map { |v| puppet_literal(v) }.join(', ')}]"
  when Hash then "{#{value.map { |k, v| "#{puppet_literal(k)} => #{puppet_literal(v)}" }.join(', ')}}"
  when :undef then 'undef'
  when RSpec::Puppet::Sensitive then "Sensitive(#{puppet_literal(value.unwrap)})"
  else value.to_s
  end
end

# The content of a File resource of the compiled catalogue.
def file_content(catalogue, path)
  resource = catalogue.resource('File', path)
  raise "no File[#{path}] in the catalogue" unless resource

  content = resource[:content]
  content.respond_to?(:unwrap) ? content.unwrap : content
end

# Writes a program config rendered by a catalogue for test.sh's --check-config step.
def keep_for_check_config(program, label, content)
  return unless SAMPLE_ROOT

  dir = File.join(SAMPLE_ROOT, 'catalog')
  FileUtils.mkdir_p(dir)
  File.write(File.join(dir, "#{program}--#{label.gsub(%r{[^A-Za-z0-9_-]+}, '-')}.yaml"), content)
end

# Every program class: its config parses as YAML, and test.sh hands it to --check-config.
shared_examples 'a program config' do |program|
  it "renders #{program}.yaml as YAML that test.sh checks with --check-config" do |example|
    content = file_content(catalogue, "/etc/mysql-discovery/#{program}.yaml")
    expect(YAML.safe_load(content)).to be_a(Hash)
    keep_for_check_config(program, example.metadata[:example_group][:full_description], content)
  end
end
