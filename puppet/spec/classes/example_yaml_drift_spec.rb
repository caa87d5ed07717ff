# frozen_string_literal: true

require 'spec_helper'

# Puppet and the programs must not drift apart unnoticed. --check-config (test.sh) catches a field
# Puppet writes that a program no longer knows; this spec catches the other directions, against
# each program's documented <module>/config/example.yaml:
#   - a field the example documents that Puppet cannot write (a new field without a parameter);
#   - a default that differs between the example and the Puppet class (the example shows the
#     program's defaults), unless listed below as site-specific with the reason.

# Flattens a parsed YAML document into { 'a.b.c' => leaf }; the values under `opaque` paths
# (user data such as the hostgroups map) are kept whole.
def leaves(node, opaque, prefix = nil)
  return { prefix => node } unless node.is_a?(Hash) && !opaque.include?(prefix)

  node.each_with_object({}) do |(key, value), out|
    out.merge!(leaves(value, opaque, prefix ? "#{prefix}.#{key}" : key.to_s))
  end
end

def example_yaml(program, file = File.join(program, 'config', 'example.yaml'))
  path = File.join(MODULE_ROOT, '..', file)
  File.exist?(path) ? YAML.safe_load(File.read(path)) : nil
end

DRIFT_CASES = {
  'health-agent' => {
    klass: 'mysql_discovery::health_agent',
    base: {},
    full: { mysql_password: :password, heartbeat_table: 'percona.heartbeat', heartbeat_max_lag_millis: 5000, restore_marker_file: '/var/lib/mysql/.restored',
            datacenter: 'dc1', mysql_port: 3306 },
    opaque: [],
    # Paths whose example value is a site's choice, not a default: compared by presence only.
    site_specific: {
      'instance' => 'the host', 'zookeeper.connectString' => 'the ensemble', 'zookeeper.auth.passwordFile' => 'a file of the site', 'zookeeper.auth.identities.healthAgents' => 'the suite\'s identities',
      'zookeeper.auth.identities.roleAgents' => 'the suite\'s identities', 'zookeeper.auth.identities.syncs' => 'the suite\'s identities',
      'zookeeper.auth.identities.operators' => 'the suite\'s identities',
      'zookeeper.auth.identities.observers' => 'the suite\'s identities',
      'mysql.user' => 'a grant of the site',
      'mysql.passwordFile' => 'a file of the site', 'roleDirectory' => 'mysql_discovery::role_dir',
      'mysql.port' => 'default: the port of instance', 'heartbeat.table' => 'optional', 'heartbeat.maxLagMillis' => 'optional',
      'restoreMarkerFile' => 'optional', 'datacenter' => 'optional',
    },
  },
  'role-agent' => {
    klass: 'mysql_discovery::role_agent',
    base: {},
    full: { token: :token, mysql_password: :password, mysql_host: '127.0.0.1', mysql_port: 3306,
            tls_keystore: '/etc/mysql-discovery/role-agent.p12', tls_keystore_password: :password },
    opaque: [],
    site_specific: {
      'instance' => 'the host', 'zookeeper.connectString' => 'the ensemble', 'zookeeper.auth.passwordFile' => 'a file of the site', 'zookeeper.auth.identities.healthAgents' => 'the suite\'s identities',
      'zookeeper.auth.identities.roleAgents' => 'the suite\'s identities', 'zookeeper.auth.identities.syncs' => 'the suite\'s identities',
      'zookeeper.auth.identities.operators' => 'the suite\'s identities',
      'zookeeper.auth.identities.observers' => 'the suite\'s identities',
      'roleDirectory' => 'mysql_discovery::role_dir',
      'auth.tokenFile' => 'a file of the site', 'mysql.passwordFile' => 'a file of the site', 'mysql.user' => 'a grant of the site',
      'mysql.host' => 'default: the host of instance', 'mysql.port' => 'default: the port of instance',
      'http.bindAddress' => "Puppet binds the host's address: Orchestrator calls from another host (the example binds loopback to be safe to run)",
      'auditLog' => 'mysql_discovery::log_dir',
    },
  },
  'proxysql-sync' => {
    klass: 'mysql_discovery::proxysql_sync',
    base: { 'schema' => :undef },
    full: { hostgroups: { 'orders' => { 'primary' => 10 } }, proxysql_password: :password, datacenter: 'dc1' },
    opaque: ['hostgroups'],
    site_specific: {
      'zookeeper.connectString' => 'the ensemble', 'zookeeper.auth.passwordFile' => 'a file of the site', 'zookeeper.auth.identities.healthAgents' => 'the suite\'s identities',
      'zookeeper.auth.identities.roleAgents' => 'the suite\'s identities', 'zookeeper.auth.identities.syncs' => 'the suite\'s identities',
      'zookeeper.auth.identities.operators' => 'the suite\'s identities',
      'zookeeper.auth.identities.observers' => 'the suite\'s identities',
      'proxysql.statusName' => 'Puppet names the status node by host name',
      'proxysql.user' => 'a ProxySQL admin user of the site', 'proxysql.passwordFile' => 'a file of the site',
      'hostgroups' => 'the fleet', 'defaults.reporting-replica.maxConnections' => 'the example shows a non-default 200',
      'proxysql.datacenter' => 'optional: the datacenter of the site',
      'openPagesFile' => 'below mysql_discovery::log_dir',
    },
  },
  'cli' => {
    klass: 'mysql_discovery::cli',
    base: { 'schema' => :undef },
    full: { mysql_password: :password, known_schemas: ['orders', 'users'] },
    opaque: [],
    site_specific: {
      'zookeeper.connectString' => 'the ensemble', 'zookeeper.auth.passwordFile' => 'a file of the site', 'zookeeper.auth.identities.healthAgents' => 'the suite\'s identities',
      'zookeeper.auth.identities.roleAgents' => 'the suite\'s identities', 'zookeeper.auth.identities.syncs' => 'the suite\'s identities',
      'zookeeper.auth.identities.operators' => 'the suite\'s identities',
      'zookeeper.auth.identities.observers' => 'the suite\'s identities',
      'mysql.user' => 'a grant of the site', 'mysql.passwordFile' => 'a file of the site',
      'knownSchemas' => 'the fleet',
    },
  },
  'serve' => {
    klass: 'mysql_discovery::serve',
    # serve's config is the CLI's sections plus serve, documented in a file of its own.
    example: File.join('cli', 'config', 'serve-example.yaml'),
    base: { 'schema' => :undef },
    full: { zk_password: :password },
    opaque: [],
    site_specific: {
      'zookeeper.connectString' => 'the ensemble', 'zookeeper.auth.passwordFile' => 'a file of the site', 'zookeeper.auth.identities.healthAgents' => 'the suite\'s identities',
      'zookeeper.auth.identities.roleAgents' => 'the suite\'s identities', 'zookeeper.auth.identities.syncs' => 'the suite\'s identities',
      'zookeeper.auth.identities.operators' => 'the suite\'s identities',
      'zookeeper.auth.identities.observers' => 'the suite\'s identities',
      'mysql.user' => 'a grant of the site', 'mysql.passwordFile' => 'a file of the site',
      'serve.auth.tokenFile' => 'the hooks\' token file (the example names a sample secret)',
    },
  },
}.freeze

DRIFT_CASES.each do |program, spec|
  describe spec[:klass] do
    let(:example) { spec[:example] ? example_yaml(program, spec[:example]) : example_yaml(program) }
    let(:pre_condition) { sample_base(spec[:base]) }
    let(:params) do
      spec[:full].transform_values do |v|
        { token: sensitive('tokenSAMPLE-0123456789abcdefXYZ'), password: sensitive('x') }.fetch(v, v)
      end
    end
    let(:rendered) { leaves(YAML.safe_load(file_content(catalogue, "/etc/mysql-discovery/#{program}.yaml")), spec[:opaque]) }
    let(:documented) { leaves(example, spec[:opaque]) }

    context "against #{spec.fetch(:example, "#{program}/config/example.yaml")}" do
      before(:each) { raise "#{spec.fetch(:example, "#{program}/config/example.yaml")} is missing: the drift check needs it" unless example }

      it 'writes every field the example documents' do
        missing = documented.keys - rendered.keys
        expect(missing).to be_empty, "#{program}/config/example.yaml has #{missing.join(', ')}: no Puppet parameter writes it"
      end

      it 'uses the defaults the example shows' do
        differing = (documented.keys & rendered.keys - spec[:site_specific].keys).reject { |path| documented[path] == rendered[path] }
        report = differing.map { |path| "#{path}: example #{documented[path].inspect}, Puppet #{rendered[path].inspect}" }
        expect(report).to be_empty, "defaults differ from #{program}/config/example.yaml:\n  #{report.join("\n  ")}"
      end

      it 'lists as site-specific only fields the example has' do
        expect(spec[:site_specific].keys - documented.keys).to be_empty
      end
    end
  end
end
