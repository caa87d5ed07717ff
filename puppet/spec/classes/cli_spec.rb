# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery::cli' do
  let(:pre_condition) { sample_base('schema' => :undef) }
  let(:rendered) { YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/cli.yaml')) }
  let(:wrapper) { file_content(catalogue, '/usr/local/bin/mysql-discovery') }

  context 'with a MySQL password' do
    let(:params) do
      { mysql_password: sensitive('mysql-password-sample'), mysql_password_file: "#{SAMPLE_ROOT || '/nonexistent-sample-root'}/secrets/cli-mysql.password",
        zk_password: sensitive('zk-password-sample'), zk_password_file: "#{SAMPLE_ROOT || '/nonexistent-sample-root'}/secrets/cli-zookeeper.password" }
    end

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'cli'

    it 'installs the jar (named as the build names it) and a wrapper on the PATH' do
      is_expected.to contain_file('/opt/mysql-discovery/lib/mysql-discovery.jar')
        .with(source: 'https://artifacts.example.com/mysql-discovery/0.1.0/mysql-discovery.jar')
      is_expected.to contain_file('/usr/local/bin/mysql-discovery').with(owner: 'root', mode: '0755')
      expect(wrapper).to start_with("#!/bin/sh\n")
      expect(wrapper).to include('exec /usr/bin/java -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ' \
                                 '-jar /opt/mysql-discovery/lib/mysql-discovery.jar "$@"')
    end

    it 'writes a config everyone may read (it holds no secret), checked before it lands' do
      is_expected.to contain_file('/etc/mysql-discovery/cli.yaml')
        .with(owner: 'root', group: 'root', mode: '0644', validate_cmd: %r{lib/mysql-discovery.jar --check-config %$})
    end

    it 'renders the defaults; ZooKeeper as the operator identity' do
      expect(rendered['precheck']).to eq('maxLagSeconds' => 10, 'deadlineMillis' => 5000, 'allowCrossDatacenter' => false)
      expect(rendered['mysql']).to include('user' => 'mysql-discovery', 'connectTimeoutMillis' => 1000)
      expect(rendered['zookeeper']).to include('connectString' => 'zk1.example.com:2181,zk2.example.com:2181,zk3.example.com:2181')
      expect(rendered['zookeeper']['auth']).to include('user' => 'operator', 'identities' => SAMPLE_ZK_IDENTITIES)
      expect(rendered['zookeeper']['allowUnauthenticated']).to be(false)
    end

    it 'writes the ZooKeeper password 0400 for root' do
      is_expected.to contain_file("#{SAMPLE_ROOT || '/nonexistent-sample-root'}/secrets/cli-zookeeper.password")
        .with(mode: '0400', owner: 'root', content: sensitive("zk-password-sample\n"))
    end

    it 'writes the password 0400 for root by default' do
      is_expected.to contain_file("#{SAMPLE_ROOT || '/nonexistent-sample-root'}/secrets/cli-mysql.password")
        .with(mode: '0400', owner: 'root', group: 'root', content: sensitive("mysql-password-sample\n"))
    end

    it('runs no service') { is_expected.to have_service_resource_count(0) }
  end

  context 'with the defaults' do
    it { is_expected.to compile.with_all_deps }
    it { expect(rendered['mysql']['passwordFile']).to eq('/etc/mysql-discovery/cli-mysql.password') }
  end

  context 'for an Orchestrator that runs as its own user' do
    let(:params) { { mysql_password: sensitive('x'), secret_owner: 'orchestrator', secret_group: 'orchestrator', precheck_deadline_millis: 3000 } }

    it { is_expected.to contain_file('/etc/mysql-discovery/cli-mysql.password').with(owner: 'orchestrator', group: 'orchestrator', mode: '0400') }
    it { expect(rendered['precheck']).to include('deadlineMillis' => 3000) }
  end

  context 'allowing promotions into another datacenter (the opt-out)' do
    let(:params) { { precheck_allow_cross_datacenter: true } }

    it { is_expected.to compile.with_all_deps }
    it { expect(rendered['precheck']).to include('allowCrossDatacenter' => true) }
  end

  context 'without ZooKeeper' do
    let(:pre_condition) { sample_base('schema' => :undef, 'zk_connect' => :undef) }

    it { is_expected.to compile.with_all_deps }
    it { expect(rendered.keys).to contain_exactly('mysql', 'precheck') }
  end

  context 'with ZooKeeper turned off' do
    let(:params) { { zookeeper: false } }

    it { expect(rendered.keys).to contain_exactly('mysql', 'precheck') }
  end

  describe 'refuses' do
    [
      [{ precheck_deadline_millis: 100 }, %r{precheck_deadline_millis}],
      [{ precheck_max_lag_seconds: -1 }, %r{precheck_max_lag_seconds}],
      [{ java_opts: ['-Xmx64m; rm -rf /'] }, %r{java_opts}],
      [{ wrapper: 'mysql-discovery' }, %r{wrapper}],
    ].each do |bad, message|
      context "with #{bad.keys.join(', ')} = #{bad.values.map(&:inspect).join(', ')}" do
        let(:params) { bad }

        it { is_expected.to compile.and_raise_error(message) }
      end
    end
  end

  context 'without ZooKeeper identities' do
    let(:pre_condition) { sample_base('schema' => :undef, 'zk_identities' => :undef) }

    it { is_expected.to compile.and_raise_error(%r{cli needs ZooKeeper credentials}) }
  end

  context 'without ZooKeeper identities but with ZooKeeper turned off' do
    let(:pre_condition) { sample_base('schema' => :undef, 'zk_identities' => :undef) }
    let(:params) { { zookeeper: false } }

    it { is_expected.to compile.with_all_deps }
  end
end
