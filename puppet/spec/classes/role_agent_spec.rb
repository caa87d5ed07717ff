# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery::role_agent' do
  let(:pre_condition) { sample_base }
  let(:secret_dir) { "#{SAMPLE_ROOT || '/nonexistent-sample-root'}/secrets" }
  let(:rendered) { YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/role-agent.yaml')) }
  let(:unit) { file_content(catalogue, '/etc/systemd/system/mysql-discovery-role-agent.service') }
  # TLS is on by default: its key store (certificate chain and key) and password are the minimum.
  let(:base_params) do
    { token: sensitive('tokenSAMPLE-0123456789abcdefXYZ'), mysql_password: sensitive('mysql-password-sample'),
      tls_keystore: "#{secret_dir}/role-agent.p12", tls_keystore_password: sensitive('changeit') }
  end
  let(:params) { base_params }

  context 'with a token and a MySQL password' do
    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'role-agent'

    it 'installs the jar from the configured source' do
      is_expected.to contain_file('/opt/mysql-discovery/lib/role-agent.jar')
        .with(ensure: 'file', source: 'https://artifacts.example.com/mysql-discovery/0.1.0/role-agent.jar', mode: '0644')
    end

    it 'writes the secrets 0400, owned by the service user' do
      %w[role-agent.token role-agent-mysql.password].each do |name|
        is_expected.to contain_file("#{secret_dir}/#{name}")
          .with(ensure: 'file', owner: 'mysql-discovery', group: 'mysql-discovery', mode: '0400', show_diff: false)
      end
      is_expected.to contain_file("#{secret_dir}/role-agent.token").with_content(sensitive("tokenSAMPLE-0123456789abcdefXYZ\n"))
    end

    it 'writes the config readable by the service group only, checked by --check-config before it lands' do
      is_expected.to contain_file('/etc/mysql-discovery/role-agent.yaml')
        .with(owner: 'root', group: 'mysql-discovery', mode: '0640',
              validate_cmd: '/usr/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /opt/mysql-discovery/lib/role-agent.jar --check-config %')
        .that_requires(['File[/opt/mysql-discovery/lib/role-agent.jar]', "File[#{secret_dir}/role-agent.token]"])
    end

    it 'renders the fields with the programs defaults' do
      expect(rendered).to include(
        'instance' => 'db1.example.com:3306',
        'http' => { 'bindAddress' => '10.0.0.11', 'port' => 9798 },
        'auth' => { 'tokenFile' => "#{secret_dir}/role-agent.token" },
        'fenceOnDemotion' => true,
        'quarantineWriteTimeoutMillis' => 1000,
        'drainConfirmTimeoutMillis' => 2000,
        'drainDefaultSeconds' => 10,
        'logging' => { 'format' => 'text', 'level' => 'INFO' },
        'pager' => { 'kind' => 'log', 'timeoutMillis' => 5000, 'attempts' => 20, 'queueCapacity' => 1000,
                     'retryForMillis' => 300_000 },
      )
      expect(rendered['mysql']).to eq('user' => 'role_agent', 'passwordFile' => "#{secret_dir}/role-agent-mysql.password",
                                     'timeoutMillis' => 1000)
      expect(rendered['zookeeper']).to include('connectString' => 'zk1.example.com:2181,zk2.example.com:2181,zk3.example.com:2181',
                                             'root' => '/mysql-discovery', 'sessionTimeoutMillis' => 6000)
      expect(rendered['tls']).to eq('keystore' => "#{secret_dir}/role-agent.p12",
                                    'keystorePasswordFile' => "#{secret_dir}/role-agent-keystore.password",
                                    'keystoreType' => 'PKCS12')
      expect(rendered['limits']).to eq('requestBodyTimeoutMillis' => 1000, 'refusedBurst' => 20, 'refusedPerSecond' => 2,
                                       'refusedInFullPerInterval' => 5, 'summaryIntervalMillis' => 10_000,
                                       'auditLogMaxBytes' => 10_485_760, 'auditLogFiles' => 5)
    end

    it 'runs a hardened unit with the agent JVM flags' do
      is_expected.to contain_service('mysql-discovery-role-agent').with(ensure: 'running', enable: true)
      is_expected.to contain_file('/etc/systemd/system/mysql-discovery-role-agent.service').with(owner: 'root', mode: '0644')
      expect(unit).to include('ExecStart=/usr/bin/java -Xmx48m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:TieredStopAtLevel=1 ' \
                              '-jar /opt/mysql-discovery/lib/role-agent.jar --config /etc/mysql-discovery/role-agent.yaml')
      expect(unit).to match(%r{^User=mysql-discovery$})
      expect(unit).to match(%r{^Restart=on-failure$})
      expect(unit).to match(%r{^NoNewPrivileges=yes$})
      expect(unit).to match(%r{^ProtectSystem=strict$})
      expect(unit).to match(%r{^PrivateTmp=yes$})
      expect(unit).to match(%r{^MemoryMax=256M$})
      expect(unit).to match(%r{^ReadWritePaths=\S+/roledir \S+/log$})
    end

    it 'stops cleanly on SIGTERM (JVM exit 143), restarts forever, has no capabilities, starts at boot' do
      expect(unit).to match(%r{^SuccessExitStatus=143$})
      expect(unit).to match(%r{^StartLimitIntervalSec=0$})
      expect(unit).to match(%r{^CapabilityBoundingSet=$})
      expect(unit).to match(%r{^WantedBy=multi-user.target$})
    end

    it 'names the secret files in the config, never the secrets' do
      content = file_content(catalogue, '/etc/mysql-discovery/role-agent.yaml')
      expect(content).not_to include('tokenSAMPLE-0123456789abcdefXYZ', 'mysql-password-sample')
    end

    it 'validates the config only once Java and the role files are there' do
      is_expected.to contain_file('/etc/mysql-discovery/role-agent.yaml').that_requires('Class[mysql_discovery]')
      is_expected.to contain_package('openjdk-17-jre-headless').that_comes_before('File[/etc/mysql-discovery/role-agent.yaml]')
    end

    it 'restarts the service when the config, the jar or a secret changes' do
      is_expected.to contain_mysql_discovery__service('role-agent')
        .that_subscribes_to(['File[/etc/mysql-discovery/role-agent.yaml]', 'Mysql_discovery::Jar[role-agent]',
                             "Mysql_discovery::Secret[#{secret_dir}/role-agent.token]"])
    end

    it 'never replaces the role file' do
      is_expected.to contain_file("#{SAMPLE_ROOT || '/nonexistent-sample-root'}/roledir/role").with(replace: false)
    end
  end

  context 'with defaults and no key store' do
    let(:params) { { token: sensitive('tokenSAMPLE-0123456789abcdefXYZ'), mysql_password: sensitive('mysql-password-sample') } }

    it 'fails the catalog: TLS is on unless explicitly turned off' do
      is_expected.to compile.and_raise_error(%r{TLS is on by default: set tls_keystore})
    end
  end

  context 'with TLS explicitly turned off (the opt-out) and an explicit bind address' do
    let(:params) do
      { token: sensitive('tokenSAMPLE-0123456789abcdefXYZ'), mysql_password: sensitive('mysql-password-sample'),
        tls: false, bind_address: '0.0.0.0' }
    end

    it { is_expected.to compile.with_all_deps }

    it 'serves plain HTTP on the given address and writes no key store password' do
      expect(rendered).not_to include('tls')
      expect(rendered['http']).to eq('bindAddress' => '0.0.0.0', 'port' => 9798)
      is_expected.not_to contain_file("#{secret_dir}/role-agent-keystore.password")
    end
  end

  context 'on a host without an address fact and without bind_address' do
    let(:facts) { { 'networking' => { 'fqdn' => 'db1.example.com', 'hostname' => 'db1' } } }

    it { is_expected.to compile.and_raise_error(%r{no bind_address and no networking.ip fact}) }
  end

  context 'with the audit log rotated smaller and a stricter flood limit' do
    let(:params) { base_params.merge(audit_log_max_bytes: 1_048_576, audit_log_files: 2, refused_burst: 5, request_body_timeout_millis: 500) }

    it 'renders them into limits' do
      expect(rendered['limits']).to include('auditLogMaxBytes' => 1_048_576, 'auditLogFiles' => 2, 'refusedBurst' => 5,
                                            'requestBodyTimeoutMillis' => 500)
    end
  end

  context 'with TLS, no fencing, JSON logs, a webhook pager and ZooKeeper authentication' do
    let(:pre_condition) do
      sample_base('log_format' => 'json', 'pager_kind' => 'webhook', 'pager_url' => 'https://pager.example.com/hook')
    end
    let(:params) do
      { token: sensitive('tokenSAMPLE-0123456789abcdefXYZ'), fence_on_demotion: false,
        tls_keystore: "#{secret_dir}/role-agent.p12", tls_keystore_password: sensitive('changeit'),
        port: 19_798, bind_address: '10.0.0.11', drain_default_seconds: 30, zk_user: 'role-agent',
        zk_password: sensitive('zk-password-sample') }
    end

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'role-agent'

    it 'renders them' do
      expect(rendered).to include(
        'http' => { 'bindAddress' => '10.0.0.11', 'port' => 19_798 },
        'tls' => { 'keystore' => "#{secret_dir}/role-agent.p12", 'keystorePasswordFile' => "#{secret_dir}/role-agent-keystore.password",
                   'keystoreType' => 'PKCS12' },
        'fenceOnDemotion' => false,
        'drainDefaultSeconds' => 30,
        'logging' => { 'format' => 'json', 'level' => 'INFO' },
        'pager' => include('kind' => 'webhook', 'url' => 'https://pager.example.com/hook'),
      )
      expect(rendered).not_to include('mysql')
      expect(rendered['zookeeper']['auth']).to eq('user' => 'role-agent', 'passwordFile' => "#{secret_dir}/role-agent-zookeeper.password",
                                                'identities' => SAMPLE_ZK_IDENTITIES)
    end

    it { is_expected.to contain_file("#{secret_dir}/role-agent-keystore.password").with(mode: '0400', owner: 'mysql-discovery') }
    it { is_expected.not_to contain_file("#{secret_dir}/role-agent-mysql.password") }
  end

  context 'without authentication' do
    let(:params) { { authenticate: false, mysql_password: sensitive('x'), tls_keystore: "#{secret_dir}/role-agent.p12" } }

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'role-agent'
    it { expect(rendered['auth']).to eq('none') }
    it { is_expected.not_to contain_file("#{secret_dir}/role-agent.token") }
  end

  context 'with secrets managed elsewhere' do
    let(:params) { { tls_keystore: "#{secret_dir}/role-agent.p12" } }

    it { is_expected.to compile.with_all_deps }
    it('writes no secret file') { is_expected.to have_mysql_discovery__secret_resource_count(0) }
    it { expect(rendered['auth']).to eq('tokenFile' => "#{secret_dir}/role-agent.token") }
  end

  context 'when stopped and without restarts' do
    let(:params) { base_params.merge(ensure: 'stopped', enable: false, restart_on_change: false) }

    it { is_expected.to contain_service('mysql-discovery-role-agent').with(ensure: 'stopped', enable: false) }
    it { is_expected.to contain_mysql_discovery__service('role-agent').without_subscribe }
  end

  context 'without validation by the program' do
    let(:pre_condition) { sample_base('validate_config' => false) }

    it { is_expected.to contain_file('/etc/mysql-discovery/role-agent.yaml').without_validate_cmd }
  end

  describe 'refuses' do
    context 'a host without schema' do
      let(:pre_condition) { sample_base('schema' => :undef) }

      it { is_expected.to compile.and_raise_error(%r{needs mysql_discovery::schema}) }
    end

    context 'a host without ZooKeeper' do
      let(:pre_condition) { sample_base('zk_connect' => :undef) }

      it { is_expected.to compile.and_raise_error(%r{needs mysql_discovery::zk_connect}) }
    end

    context 'a host without jar source' do
      let(:pre_condition) { sample_base('jar_source_base' => :undef) }

      it { is_expected.to compile.and_raise_error(%r{no source for role-agent.jar}) }
    end

    context 'a token the program would refuse' do
      let(:params) { { token: sensitive('short') } }

      it { is_expected.to compile.and_raise_error(%r{token must be 16 to 512 characters}) }
    end

    [
      [{ port: 0 }, %r{port}],
      [{ bind_address: 'everywhere' }, %r{bind_address}],
      [{ mysql_timeout_millis: 1501 }, %r{mysql_timeout_millis}],
      [{ drain_default_seconds: 61 }, %r{drain_default_seconds}],
      [{ quarantine_write_timeout_millis: 5000 }, %r{quarantine_write_timeout_millis}],
      [{ tls_keystore_type: 'PEM' }, %r{tls_keystore_type}],
      [{ java_opts: '-Xmx48m' }, %r{java_opts}],
      [{ memory_max: 'lots' }, %r{memory_max}],
      [{ audit_log: 'audit.log' }, %r{audit_log}],
    ].each do |bad, message|
      context "with #{bad.keys.join(', ')} = #{bad.values.map(&:inspect).join(', ')}" do
        let(:params) { bad }

        it { is_expected.to compile.and_raise_error(message) }
      end
    end
  end

  context 'with ZooKeeper authentication (the default)' do
    it { is_expected.to compile.with_all_deps }

    it 'authenticates as its own identity with the suite\'s identities' do
      rendered_zk = YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/role-agent.yaml'))['zookeeper']
      expect(rendered_zk['auth']).to include('user' => 'role-agent', 'identities' => SAMPLE_ZK_IDENTITIES)
      expect(rendered_zk['allowUnauthenticated']).to be(false)
    end
  end

  context 'without ZooKeeper identities' do
    let(:pre_condition) { sample_base('zk_identities' => :undef) }

    it { is_expected.to compile.and_raise_error(%r{role_agent needs ZooKeeper credentials}) }
  end

  context 'without ZooKeeper identities but with the explicit opt-out' do
    let(:pre_condition) { sample_base('zk_identities' => :undef, 'zk_allow_unauthenticated' => true) }

    it { is_expected.to compile.with_all_deps }
    it { expect(YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/role-agent.yaml'))['zookeeper']).to include('allowUnauthenticated' => true) }
  end
end
