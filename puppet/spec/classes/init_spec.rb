# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery' do
  context 'with defaults' do
    it { is_expected.to compile.with_all_deps }
    it { is_expected.to contain_user('mysql-discovery').with(system: true, shell: '/usr/sbin/nologin') }
    it { is_expected.to contain_group('mysql-discovery').with(system: true) }
    it { is_expected.to contain_package('openjdk-17-jre-headless').with_ensure('installed') }

    it 'creates the directories with their owners and modes' do
      # The jars come from the packages (/usr/share/mysql-discovery): no /opt tree.
      is_expected.not_to contain_file('/opt/mysql-discovery')
      is_expected.not_to contain_file('/opt/mysql-discovery/lib')
      is_expected.to contain_file('/etc/mysql-discovery').with(ensure: 'directory', owner: 'root', mode: '0755')
      is_expected.to contain_file('/etc/mysql-discovery/secrets')
        .with(ensure: 'directory', owner: 'root', group: 'mysql-discovery', mode: '0750')
      is_expected.to contain_file('/var/lib/mysql-discovery')
        .with(ensure: 'directory', owner: 'mysql-discovery', group: 'mysql-discovery', mode: '0755')
      is_expected.to contain_file('/var/log/mysql-discovery')
        .with(ensure: 'directory', owner: 'mysql-discovery', group: 'mysql-discovery', mode: '0750')
    end

    it 'writes no role files where no schema is set (ProxySQL and Orchestrator hosts)' do
      is_expected.not_to contain_file('/var/lib/mysql-discovery/role')
      is_expected.not_to contain_file('/var/lib/mysql-discovery/schema')
    end

    it('writes no secret files') { is_expected.to have_mysql_discovery__secret_resource_count(0) }
  end

  context 'on a MySQL host (schema set)' do
    let(:params) { { schema: 'orders' } }

    it { is_expected.to compile.with_all_deps }

    it 'creates the schema file only when absent' do
      is_expected.to contain_file('/var/lib/mysql-discovery/schema')
        .with(ensure: 'file', replace: false, content: "orders\n", owner: 'mysql-discovery')
    end

    it 'creates the role file only when absent, as a replica, and never touches its mode' do
      is_expected.to contain_file('/var/lib/mysql-discovery/role')
        .with(ensure: 'file', replace: false, content: "replica\n", owner: 'mysql-discovery').without_mode
    end
  end

  context 'with an initial role of primary' do
    let(:params) { { schema: 'orders', initial_role: 'primary' } }

    it { is_expected.to contain_file('/var/lib/mysql-discovery/role').with(replace: false, content: "primary\n") }
  end

  context 'with a PagerDuty routing key' do
    let(:params) do
      { pager_kind: 'pagerduty', pager_routing_key: sensitive("R0UT1NG\n") }
    end

    it { is_expected.to compile.with_all_deps }

    it 'writes the secret mode 0400, owned by the service user, one line' do
      is_expected.to contain_file('/etc/mysql-discovery/secrets/pager-routing-key')
        .with(mode: '0400', owner: 'mysql-discovery', content: sensitive("R0UT1NG\n"))
    end
  end

  context 'with a different service user and no user management' do
    let(:params) { { user: 'mdisc', group: 'mdisc', manage_user: false, schema: 'orders' } }

    it { is_expected.not_to contain_user('mdisc') }
    it { is_expected.to contain_file('/var/lib/mysql-discovery/role').with_owner('mdisc') }
  end

  context 'without Java management' do
    let(:params) { { manage_java: false } }

    it { is_expected.not_to contain_package('openjdk-17-jre-headless') }
  end

  describe 'refuses bad input' do
    [
      [{ schema: 'Orders' }, %r{schema}],
      [{ schema: 'a' * 65 }, %r{schema}],
      [{ schema: '../etc' }, %r{schema}],
      [{ initial_role: 'master' }, %r{initial_role}],
      [{ role_dir: 'relative/dir' }, %r{role_dir}],
      [{ role_dir: '/var/lib/with space' }, %r{role_dir}],
      [{ zk_connect: 'zk1:2181, zk2:2181' }, %r{zk_connect}],
      [{ zk_session_timeout_millis: -1 }, %r{zk_session_timeout_millis}],
      [{ pager_kind: 'email' }, %r{pager_kind}],
      [{ pager_kind: 'webhook' }, %r{pager_url}],
      [{ pager_url: 'ftp://x' }, %r{pager_url}],
      [{ jar_source: { 'unknown-program' => 'https://x/y.jar' } }, %r{jar_source}],
      [{ jar_source_base: 'file with spaces' }, %r{jar_source_base}],
      [{ zk_identities: { 'healthAgents' => ['no-digest'], 'roleAgents' => [], 'syncs' => [], 'operators' => [] } }, %r{zk_identities}],
      [{ zk_identities: { 'healthAgents' => ['h:CcpMIg8I1Ksq80LOUZn7ikzdeNU='] } }, %r{zk_identities}],
    ].each do |bad, message|
      context "with #{bad.keys.join(', ')} = #{bad.values.map(&:inspect).join(', ')[0, 60]}" do
        let(:params) { bad }

        it { is_expected.to compile.and_raise_error(message) }
      end
    end

    context 'with a two-line secret' do
      let(:params) { { pager_kind: 'pagerduty', pager_routing_key: sensitive("two\nlines") } }

      it { is_expected.to compile.and_raise_error(%r{pager-routing-key.*one non-empty line}) }
    end

    context 'with a blank secret' do
      let(:params) { { pager_kind: 'pagerduty', pager_routing_key: sensitive("\n") } }

      it { is_expected.to compile.and_raise_error(%r{one non-empty line}) }
    end
  end
end
