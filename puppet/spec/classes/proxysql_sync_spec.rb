# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery::proxysql_sync' do
  let(:pre_condition) { sample_base('schema' => :undef) }
  let(:facts) { DEFAULT_FACTS.merge('networking' => { 'fqdn' => 'proxy1.example.com' }) }
  let(:sample_root) { SAMPLE_ROOT || '/nonexistent-sample-root' }
  let(:secret_dir) { "#{sample_root}/secrets" }
  let(:rendered) { YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/proxysql-sync.yaml')) }
  let(:unit) { file_content(catalogue, '/etc/systemd/system/mysql-discovery-proxysql-sync.service') }
  let(:hostgroups) { { 'orders' => { 'primary' => 10, 'replica' => 11, 'reporting-replica' => 12 }, 'users' => { 'primary' => 20, 'replica' => 21 } } }
  let(:base_params) { { hostgroups: hostgroups, proxysql_user: 'mysql-discovery', proxysql_password: sensitive('proxysql-admin-password-sample') } }
  let(:params) { base_params }

  context 'with two schemas' do
    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'proxysql-sync'

    it 'renders the programs defaults' do
      expect(rendered).to include(
        'http' => { 'bindAddress' => '127.0.0.1', 'port' => 9799 },
        'hostgroups' => hostgroups,
        'debounceMillis' => 20,
        'debounceMaxMillis' => 100,
        'fullPassIntervalMillis' => 300_000,
        'mode' => 'apply',
        'guards' => { 'doublePrimaryGraceMillis' => 5000, 'massRemovalFraction' => 0.5, 'noPrimaryPageAfterMillis' => 10_000,
                      'blindPageAfterMillis' => 60_000, 'adminErrorPageAfterMillis' => 60_000 },
        'defaults' => { 'primary' => { 'weight' => 1000, 'maxConnections' => 1000 },
                        'replica' => { 'weight' => 1000, 'maxConnections' => 1000, 'remote' => { 'mode' => 'weight', 'weight' => 1 } },
                        'reporting-replica' => { 'weight' => 1000, 'maxConnections' => 1000,
                                                 'remote' => { 'mode' => 'weight', 'weight' => 1 } } },
      )
    end

    it 'names this ProxySQL by host name, so every sync has its own status node' do
      expect(rendered['proxysql']).to eq('host' => '127.0.0.1', 'port' => 6032, 'user' => 'mysql-discovery',
                                         'passwordFile' => "#{secret_dir}/proxysql-admin.password",
                                         'connectTimeoutMillis' => 2000, 'socketTimeoutMillis' => 10_000,
                                         'pollTimeoutWarnAboveMillis' => 100, 'drainInFlightMaxMillis' => 300,
                                         'statusName' => 'proxy1.example.com:6032')
    end

    it 'writes no datacenter unless given one (datacenters are then ignored)' do
      expect(rendered['proxysql']).not_to have_key('datacenter')
    end

    it 'writes the admin password 0400 for the service user' do
      is_expected.to contain_file("#{secret_dir}/proxysql-admin.password")
        .with(mode: '0400', owner: 'mysql-discovery', content: sensitive("proxysql-admin-password-sample\n"))
    end

    it 'runs a hardened unit' do
      is_expected.to contain_service('mysql-discovery-proxysql-sync').with(ensure: 'running', enable: true)
      expect(unit).to include('ExecStart=/usr/bin/java -Xmx40m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m ' \
                              '-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxDirectMemorySize=8m ' \
                              '-jar /opt/mysql-discovery/lib/proxysql-sync.jar --config /etc/mysql-discovery/proxysql-sync.yaml')
      expect(unit).to match(%r{^ReadWritePaths=#{Regexp.escape(sample_root)}/log$})
      expect(unit).to match(%r{^MemoryMax=384M$})
      expect(unit).to match(%r{^ProtectSystem=strict$})
      expect(unit).to match(%r{^NoNewPrivileges=yes$})
      expect(unit).to match(%r{^PrivateTmp=yes$})
      expect(unit).to match(%r{^Restart=on-failure$})
    end

    it 'keeps schema names that YAML would misread as strings' do
      expect(rendered['hostgroups'].keys).to all(be_a(String))
    end
  end

  context 'in a datacenter, excluding remote replicas while a local one is healthy' do
    let(:params) do
      base_params.merge(datacenter: 'us east 1',
                        server_defaults: { 'primary' => { 'weight' => 1000, 'maxConnections' => 1000 },
                                           'replica' => { 'weight' => 1000, 'maxConnections' => 1000, 'remote' => { 'mode' => 'exclude' } },
                                           'reporting-replica' => { 'weight' => 10, 'maxConnections' => 50,
                                                                    'remote' => { 'mode' => 'weight', 'weight' => 2 } } })
    end

    it { is_expected.to compile.with_all_deps }

    it 'writes the datacenter and each reader role remote reads' do
      expect(rendered['proxysql']).to include('datacenter' => 'us east 1')
      expect(rendered['defaults']['replica']).to eq('weight' => 1000, 'maxConnections' => 1000, 'remote' => { 'mode' => 'exclude' })
      expect(rendered['defaults']['reporting-replica']['remote']).to eq('mode' => 'weight', 'weight' => 2)
    end
  end

  context 'in a datacenter, remote replicas in hostgroups of their own' do
    let(:params) do
      base_params.merge(datacenter: 'dc1',
                        hostgroups: { 'orders' => { 'primary' => 10, 'replica' => 11, 'reporting-replica' => 12,
                                                    'replica-remote' => 13, 'reporting-replica-remote' => 14 },
                                      'users' => { 'primary' => 20, 'replica' => 21, 'replica-remote' => 23 } },
                        server_defaults: { 'primary' => { 'weight' => 1000, 'maxConnections' => 1000 },
                                           'replica' => { 'weight' => 1000, 'maxConnections' => 1000, 'remote' => { 'mode' => 'hostgroup' } },
                                           'reporting-replica' => { 'weight' => 10, 'maxConnections' => 50,
                                                                    'remote' => { 'mode' => 'hostgroup' } } })
    end

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'proxysql-sync'

    it 'writes the remote hostgroups and the mode' do
      expect(rendered['hostgroups']['orders']).to include('replica-remote' => 13, 'reporting-replica-remote' => 14)
      expect(rendered['hostgroups']['users']).to include('replica-remote' => 23)
      expect(rendered['defaults']['replica']['remote']).to eq('mode' => 'hostgroup')
    end
  end

  context 'with a PagerDuty pager, dry-run and tuned guards' do
    let(:pre_condition) do
      sample_base('schema' => :undef, 'pager_kind' => 'pagerduty', 'pager_routing_key' => sensitive('R0UT1NGKEYSAMPLE0123456789abcdef'))
    end
    let(:params) do
      base_params.merge(hostgroups: { 'on' => { 'primary' => 1 }, '0123' => { 'replica' => 2 } },
                        sync_mode: 'dry-run', mass_removal_fraction: 0.25, double_primary_grace_millis: 2000,
                        debounce_millis: 0, debounce_max_millis: 0, proxysql_host: '127.0.0.1')
    end

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'proxysql-sync'

    it 'renders them' do
      expect(rendered).to include('mode' => 'dry-run', 'debounceMillis' => 0,
                                  'hostgroups' => { 'on' => { 'primary' => 1 }, '0123' => { 'replica' => 2 } })
      expect(rendered['guards']).to include('massRemovalFraction' => 0.25, 'doublePrimaryGraceMillis' => 2000)
      expect(rendered['pager']).to include('kind' => 'pagerduty', 'routingKeyFile' => "#{secret_dir}/pager-routing-key")
      is_expected.to contain_file("#{secret_dir}/pager-routing-key")
        .with(mode: '0400', owner: 'mysql-discovery', content: sensitive("R0UT1NGKEYSAMPLE0123456789abcdef\n"))
    end
  end

  describe 'refuses' do
    context 'no hostgroups' do
      let(:params) { {} }

      it { is_expected.to compile.and_raise_error(%r{hostgroups}) }
    end

    [
      [{ hostgroups: {} }, %r{hostgroups}],
      [{ hostgroups: { 'orders' => { 'primary' => 10, 'replica' => 10 } } }, %r{hostgroups 10 used more than once}],
      [{ hostgroups: { 'orders' => { 'primary' => 10 }, 'users' => { 'primary' => 10 } } }, %r{hostgroups 10 used more than once}],
      [{ hostgroups: { 'orders' => {} } }, %r{hostgroups of orders name no role}],
      [{ hostgroups: { 'orders' => { 'writer' => 10 } } }, %r{hostgroups}],
      [{ hostgroups: { 'orders' => { 'primary' => -1 } } }, %r{hostgroups}],
      [{ hostgroups: { 'Orders' => { 'primary' => 1 } } }, %r{hostgroups}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, mass_removal_fraction: 0.0 }, %r{mass_removal_fraction}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, mass_removal_fraction: 1.5 }, %r{mass_removal_fraction}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, debounce_millis: 200 }, %r{debounce_max_millis}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, full_pass_interval_millis: 10 }, %r{full_pass_interval_millis}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, sync_mode: 'yolo' }, %r{sync_mode}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, proxysql_user: 'with space' }, %r{proxysql_user}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, server_defaults: { 'primary' => { 'weight' => 0, 'maxConnections' => 1 } } }, %r{server_defaults}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, datacenter: '' }, %r{datacenter}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, datacenter: "dc\n1" }, %r{datacenter}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } }, datacenter: 'd' * 129 }, %r{datacenter}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } },
         server_defaults: { 'replica' => { 'weight' => 1, 'maxConnections' => 1, 'remote' => { 'mode' => 'nearest' } } } }, %r{server_defaults}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } },
         server_defaults: { 'replica' => { 'weight' => 1, 'maxConnections' => 1, 'remote' => { 'mode' => 'exclude', 'weight' => 3 } } } }, %r{server_defaults}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } },
         server_defaults: { 'replica' => { 'weight' => 1, 'maxConnections' => 1, 'remote' => { 'mode' => 'weight', 'weight' => 0 } } } }, %r{server_defaults}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } },
         server_defaults: { 'primary' => { 'weight' => 1, 'maxConnections' => 1, 'remote' => { 'mode' => 'exclude' } } } }, %r{primary.remote is not allowed}],
      [{ hostgroups: { 'orders' => { 'primary' => 10, 'replica' => 11, 'replica-remote' => 11 } } }, %r{hostgroups 11 used more than once}],
      [{ hostgroups: { 'orders' => { 'primary' => 10, 'replica' => 11, 'replica-remote' => -1 } } }, %r{hostgroups}],
      [{ hostgroups: { 'orders' => { 'primary' => 10, 'primary-remote' => 11 } } }, %r{hostgroups}],
      [{ hostgroups: { 'orders' => { 'primary' => 10, 'replica' => 11, 'replica-remote' => 13 } } },
       %r{replica-remote of orders is only used with server_defaults.replica.remote mode hostgroup}],
      [{ hostgroups: { 'orders' => { 'primary' => 10, 'replica' => 11 } }, datacenter: 'dc1',
         server_defaults: { 'replica' => { 'weight' => 1, 'maxConnections' => 1, 'remote' => { 'mode' => 'hostgroup' } } } },
       %r{hostgroups of orders need replica-remote}],
      [{ hostgroups: { 'orders' => { 'primary' => 10, 'replica' => 11, 'replica-remote' => 13 } },
         server_defaults: { 'replica' => { 'weight' => 1, 'maxConnections' => 1, 'remote' => { 'mode' => 'hostgroup' } } } },
       %r{remote mode hostgroup needs datacenter}],
      [{ hostgroups: { 'orders' => { 'primary' => 10, 'replica-remote' => 13 } }, datacenter: 'dc1',
         server_defaults: { 'replica' => { 'weight' => 1, 'maxConnections' => 1, 'remote' => { 'mode' => 'hostgroup' } } } },
       %r{replica-remote of orders needs replica}],
      [{ hostgroups: { 'orders' => { 'primary' => 1 } },
         server_defaults: { 'replica' => { 'weight' => 1, 'maxConnections' => 1, 'remote' => { 'mode' => 'hostgroup', 'weight' => 3 } } } }, %r{server_defaults}],
    ].each do |bad, message|
      context "with #{bad.keys.join(', ')} = #{bad.values.map(&:inspect).join(', ')[0, 80]}" do
        let(:params) { bad }

        it { is_expected.to compile.and_raise_error(message) }
      end
    end
  end

  context 'with ZooKeeper authentication (the default)' do
    it { is_expected.to compile.with_all_deps }

    it 'authenticates as its own identity with the suite\'s identities' do
      rendered_zk = YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/proxysql-sync.yaml'))['zookeeper']
      expect(rendered_zk['auth']).to include('user' => 'proxysql-sync', 'identities' => SAMPLE_ZK_IDENTITIES)
      expect(rendered_zk['allowUnauthenticated']).to be(false)
    end
  end

  context 'without ZooKeeper identities' do
    let(:pre_condition) { sample_base('schema' => :undef, 'zk_identities' => :undef) }

    it { is_expected.to compile.and_raise_error(%r{proxysql_sync needs ZooKeeper credentials}) }
  end

  context 'without ZooKeeper identities but with the explicit opt-out' do
    let(:pre_condition) { sample_base('schema' => :undef, 'zk_identities' => :undef, 'zk_allow_unauthenticated' => true) }

    it { is_expected.to compile.with_all_deps }
    it { expect(YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/proxysql-sync.yaml'))['zookeeper']).to include('allowUnauthenticated' => true) }
  end
end
