# frozen_string_literal: true

require 'spec_helper'

# How the programs get onto a host: the Debian packages by default, or a jar file with a pinned checksum.
describe 'mysql_discovery::role_agent' do
  # TLS is on by default: the key store is the minimum (its password file may come from elsewhere).
  let(:token) do
    { token: sensitive('tokenSAMPLE-0123456789abcdefXYZ'),
      tls_keystore: "#{SAMPLE_ROOT || '/nonexistent-sample-root'}/secrets/role-agent.p12" }
  end
  let(:params) { token }

  context 'by default (install_method package)' do
    let(:pre_condition) { sample_base('install_method' => 'package', 'jar_source_base' => :undef, 'jar_sha256' => {}) }

    it { is_expected.to compile.with_all_deps }

    it 'installs the program\'s Debian package after the user, the directories and Java' do
      is_expected.to contain_package('mysql-discovery-role-agent').with_ensure('installed').that_requires('Class[mysql_discovery]')
      is_expected.not_to contain_file('/opt/mysql-discovery/lib/role-agent.jar')
    end

    it 'runs and checks the packaged jar' do
      is_expected.to contain_file('/etc/mysql-discovery/role-agent.yaml')
        .with(validate_cmd: '/usr/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /usr/share/mysql-discovery/role-agent.jar --check-config %')
        .that_requires('Mysql_discovery::Jar[role-agent]')
      expect(file_content(catalogue, '/etc/systemd/system/mysql-discovery-role-agent.service'))
        .to include('-jar /usr/share/mysql-discovery/role-agent.jar --config /etc/mysql-discovery/role-agent.yaml')
    end

    it 'restarts the service when the package changes' do
      is_expected.to contain_mysql_discovery__service('role-agent').that_subscribes_to('Mysql_discovery::Jar[role-agent]')
    end
  end

  context 'with a pinned package version' do
    let(:pre_condition) { sample_base('install_method' => 'package', 'package_ensure' => '0.1.0') }

    it { is_expected.to contain_package('mysql-discovery-role-agent').with_ensure('0.1.0') }
  end

  context 'with install_method jar' do
    let(:pre_condition) { sample_base }

    it 'downloads the jar and checks it against its pinned SHA-256' do
      is_expected.to contain_file('/opt/mysql-discovery/lib/role-agent.jar')
        .with(source: 'https://artifacts.example.com/mysql-discovery/0.1.0/role-agent.jar',
              checksum: 'sha256', checksum_value: SAMPLE_SHA256)
      is_expected.not_to contain_package('mysql-discovery-role-agent')
    end
  end

  [
    [{ 'jar_sha256' => {} }, %r{no checksum for role-agent.jar}],
    [{ 'jar_sha256' => { 'role-agent' => 'ABC' } }, %r{jar_sha256}],
    [{ 'jar_sha256' => { 'role-agent' => 'g' * 64 } }, %r{jar_sha256}],
    [{ 'jar_sha256' => { 'role-agent' => ('0' * 64) + "\n" } }, %r{jar_sha256}],
  ].each do |extra, message|
    context "with install_method jar and jar_sha256 #{extra['jar_sha256'].inspect[0, 40]}" do
      let(:pre_condition) { sample_base(extra) }

      it { is_expected.to compile.and_raise_error(message) }
    end
  end

  [['install_method', 'rpm'], ['package_ensure', 'present; rm -rf /'], ['package_ensure', '']].each do |key, value|
    context "with #{key} #{value.inspect}" do
      let(:pre_condition) { sample_base(key => value) }

      it { is_expected.to compile.and_raise_error(%r{#{key}}) }
    end
  end
end
