# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery::health_agent' do
  let(:pre_condition) { sample_base }
  let(:sample_root) { SAMPLE_ROOT || '/nonexistent-sample-root' }
  let(:secret_dir) { "#{sample_root}/secrets" }
  let(:rendered) { YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/health-agent.yaml')) }
  let(:unit) { file_content(catalogue, '/etc/systemd/system/mysql-discovery-health-agent.service') }

  context 'on a MySQL host with a monitoring password' do
    let(:params) { { mysql_password: sensitive('mysql-password-sample') } }

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'health-agent'

    it 'renders the programs defaults' do
      expect(rendered).to include(
        'mode' => 'mysql',
        'instance' => 'db1.example.com:3306',
        'roleDirectory' => "#{sample_root}/roledir",
        'http' => { 'bindAddress' => '127.0.0.1', 'port' => 9797 },
        'checkIntervalMillis' => 1000,
        'checkTimeoutMillis' => 1000,
        'watchdogMillis' => 3000,
        'rise' => 2,
        'fall' => 1,
        'maxReplicationLagSeconds' => 10,
        'requireBufferPoolLoaded' => false,
        'replicaReadOnlyRequired' => true,
        'fencing' => { 'enabled' => true },
        'weight' => 0,
        'maxConnections' => 0,
        'mysql' => { 'host' => '127.0.0.1', 'user' => 'health',
                     'passwordFile' => "#{secret_dir}/health-agent-mysql.password", 'connectTimeoutMillis' => 1000 },
      )
      expect(rendered).not_to include('tcp', 'heartbeat', 'restoreMarkerFile', 'datacenter')
    end

    it 'writes the password 0400 for the service user' do
      is_expected.to contain_file("#{secret_dir}/health-agent-mysql.password")
        .with(mode: '0400', owner: 'mysql-discovery', group: 'mysql-discovery', content: sensitive("mysql-password-sample\n"))
    end

    it 'runs a hardened unit that may not write the role directory' do
      is_expected.to contain_service('mysql-discovery-health-agent').with(ensure: 'running', enable: true)
      expect(unit).to include('-Xmx48m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:TieredStopAtLevel=1 ' \
                              '-jar /opt/mysql-discovery/lib/health-agent.jar --config /etc/mysql-discovery/health-agent.yaml')
      expect(unit).to match(%r{^ReadWritePaths=#{Regexp.escape(sample_root)}/log$})
      expect(unit).to match(%r{^ProtectSystem=strict$})
      expect(unit).to match(%r{^NoNewPrivileges=yes$})
      expect(unit).to match(%r{^PrivateTmp=yes$})
      expect(unit).to match(%r{^MemoryMax=256M$})
      expect(unit).to match(%r{^Restart=on-failure$})
      expect(unit).to match(%r{^After=network-online.target mariadb.service mysql.service$})
    end

    it('never replaces the role file') { is_expected.to contain_file("#{sample_root}/roledir/role").with(replace: false) }
  end

  context 'on a MySQL host with every option' do
    let(:params) do
      { zk_password: sensitive('zk-password-sample'), mysql_password: sensitive('mysql-password-sample'), mysql_port: 3307, mysql_host: 'db1.example.com',
        instance: '10.0.0.11:3307', heartbeat_table: 'percona.heartbeat', heartbeat_max_lag_millis: 5000,
        restore_marker_file: '/var/lib/mysql/RESTORING', require_buffer_pool_loaded: true,
        fencing_enabled: false, datacenter: 'fra1', weight: 100, max_connections: 500, check_interval_millis: 500,
        rise: 3, fall: 2, max_replication_lag_seconds: 30 }
    end

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'health-agent'

    it 'renders them' do
      expect(rendered).to include(
        'instance' => '10.0.0.11:3307',
        'mysql' => include('host' => 'db1.example.com', 'port' => 3307),
        'heartbeat' => { 'table' => 'percona.heartbeat', 'column' => 'ts', 'utc' => true, 'maxLagMillis' => 5000 },
        'restoreMarkerFile' => '/var/lib/mysql/RESTORING',
        'requireBufferPoolLoaded' => true,
        'fencing' => { 'enabled' => false },
        'datacenter' => 'fra1', 'weight' => 100, 'maxConnections' => 500,
        'checkIntervalMillis' => 500, 'rise' => 3, 'fall' => 2, 'maxReplicationLagSeconds' => 30,
      )
      expect(rendered['zookeeper']['auth']).to eq('user' => 'health-agent',
                                                  'passwordFile' => "#{sample_root}/secrets/health-agent-zookeeper.password",
                                                  'identities' => SAMPLE_ZK_IDENTITIES)
      expect(rendered['zookeeper']['allowUnauthenticated']).to be(false)
    end

    it 'writes its own ZooKeeper password 0400, owned by the service user' do
      is_expected.to contain_file("#{sample_root}/secrets/health-agent-zookeeper.password")
        .with(mode: '0400', owner: 'mysql-discovery', show_diff: false, content: sensitive("zk-password-sample\n"))
    end
  end

  context 'without ZooKeeper identities' do
    let(:pre_condition) { sample_base('zk_identities' => :undef) }

    it { is_expected.to compile.and_raise_error(%r{health_agent needs ZooKeeper credentials.*zk_allow_unauthenticated}) }
  end

  context 'with ZooKeeper authentication explicitly off' do
    let(:pre_condition) { sample_base('zk_identities' => :undef, 'zk_allow_unauthenticated' => true) }

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'health-agent'

    it 'says so in the config, without an identity' do
      expect(rendered['zookeeper']).to include('allowUnauthenticated' => true)
      expect(rendered['zookeeper']).not_to include('auth')
    end
  end

  context 'on a ProxySQL host (mode tcp)' do
    let(:pre_condition) { sample_base('schema' => :undef, 'instance' => :undef) }
    let(:facts) { DEFAULT_FACTS.merge('networking' => { 'fqdn' => 'proxy1.example.com' }) }
    let(:params) { { mode: 'tcp' } }

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'health-agent'

    it 'registers ProxySQL by host name and port 6033, without MySQL or role files' do
      expect(rendered).to include('mode' => 'tcp', 'instance' => 'proxy1.example.com:6033')
      expect(rendered).not_to include('mysql', 'roleDirectory', 'heartbeat', 'fencing')
      is_expected.not_to contain_file("#{sample_root}/roledir/role")
      is_expected.to have_mysql_discovery__secret_resource_count(0)
    end

    it { expect(unit).to match(%r{^After=network-online.target proxysql.service$}) }
  end

  context 'in mode tcp with an explicit probe' do
    let(:pre_condition) { sample_base('schema' => :undef) }
    let(:params) { { mode: 'tcp', instance: 'proxy1.example.com:6033', tcp_host: '127.0.0.1', tcp_port: 6033 } }

    it { expect(rendered['tcp']).to eq('host' => '127.0.0.1', 'port' => 6033) }
  end

  context 'without a MySQL password' do
    it { is_expected.to compile.with_all_deps }
    it { expect(rendered['mysql']).not_to include('passwordFile') }
  end

  describe 'refuses' do
    context 'mode mysql without schema' do
      let(:pre_condition) { sample_base('schema' => :undef) }

      it { is_expected.to compile.and_raise_error(%r{mode mysql needs mysql_discovery::schema}) }
    end

    context 'a host without ZooKeeper' do
      let(:pre_condition) { sample_base('zk_connect' => :undef) }

      it { is_expected.to compile.and_raise_error(%r{needs mysql_discovery::zk_connect}) }
    end

    [
      [{ mode: 'http' }, %r{mode}],
      [{ instance: 'db1.example.com' }, %r{instance}],
      [{ instance: 'fe80::1:3306' }, %r{instance}],
      [{ check_interval_millis: 10 }, %r{check_interval_millis}],
      [{ rise: 0 }, %r{rise}],
      [{ fall: 101 }, %r{fall}],
      [{ mysql_host: 'db1;allowLoadLocalInfile=true' }, %r{mysql_host}],
      [{ mysql_user: "a\nb" }, %r{mysql_user}],
      [{ heartbeat_table: 'heartbeat' }, %r{heartbeat_table}],
      [{ heartbeat_table: 'a.b; DROP TABLE x' }, %r{heartbeat_table}],
      [{ datacenter: "fra\n1" }, %r{datacenter}],
      [{ weight: -1 }, %r{weight}],
      [{ restore_marker_file: 'RESTORING' }, %r{restore_marker_file}],
    ].each do |bad, message|
      context "with #{bad.keys.join(', ')} = #{bad.values.map(&:inspect).join(', ')}" do
        let(:params) { bad }

        it { is_expected.to compile.and_raise_error(message) }
      end
    end
  end
end
