# frozen_string_literal: true

require 'spec_helper'

# The module's lookup_options turn secrets given as plain strings in Hiera into Sensitive values.
describe 'mysql_discovery::role_agent' do
  let(:hiera_config) { File.join(MODULE_ROOT, 'spec', 'fixtures', 'hiera', 'hiera.yaml') }

  context 'with every secret from Hiera as a plain string' do
    it { is_expected.to compile.with_all_deps }

    it 'writes them as Sensitive, mode 0400' do
      is_expected.to contain_file('/etc/mysql-discovery/secrets/role-agent.token')
        .with(mode: '0400', owner: 'mysql-discovery', content: sensitive("tokenFROMHIERA-0123456789\n"))
      is_expected.to contain_file('/etc/mysql-discovery/secrets/role-agent-mysql.password')
        .with(mode: '0400', content: sensitive("role-agent-secret-from-hiera\n"))
      is_expected.to contain_file('/etc/mysql-discovery/secrets/role-agent-zookeeper.password')
        .with(mode: '0400', content: sensitive("zk-secret-from-hiera\n"))
    end
  end
end

describe 'mysql_discovery::health_agent' do
  let(:hiera_config) { File.join(MODULE_ROOT, 'spec', 'fixtures', 'hiera', 'hiera.yaml') }

  it { is_expected.to contain_file('/etc/mysql-discovery/secrets/health-agent-mysql.password').with(content: sensitive("health-secret-from-hiera\n")) }
end
