# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery::serve' do
  let(:root) { SAMPLE_ROOT || '/nonexistent-sample-root' }
  let(:pre_condition) do
    sample_base('schema' => :undef) +
      "class { 'mysql_discovery::cli': mysql_password_file => '#{root}/secrets/mysql.password' }\n"
  end
  let(:rendered) { YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/serve.yaml')) }
  let(:sample_params) do
    { zk_password: sensitive('zk-password-sample'), zk_password_file: "#{root}/secrets/serve-zookeeper.password",
      token_file: "#{root}/secrets/orchestrator-hooks.token" }
  end

  context 'with the suite\'s ZooKeeper (the status page on)' do
    let(:params) { sample_params }

    it { is_expected.to compile.with_all_deps }

    include_examples 'a program config', 'serve'

    it 'reads ZooKeeper for the status page as the read-only observer identity' do
      expect(rendered['zookeeper']).to include('connectString' => 'zk1.example.com:2181,zk2.example.com:2181,zk3.example.com:2181')
      expect(rendered['zookeeper']['auth']).to eq('user' => 'observer',
                                                  'passwordFile' => "#{root}/secrets/serve-zookeeper.password",
                                                  'identities' => SAMPLE_ZK_IDENTITIES)
      expect(rendered['zookeeper']['allowUnauthenticated']).to be(false)
      expect(rendered['serve']['statusPage']).to eq('enabled' => true, 'refreshMillis' => 500, 'syncConfigs' => [],
                                                    'proxysqlRefreshMillis' => 5000)
    end

    it 'writes the observer\'s password as a secret only the service user reads, never shown' do
      is_expected.to contain_file("#{root}/secrets/serve-zookeeper.password")
        .with(owner: 'root', mode: '0400', show_diff: false)
      expect(file_content(catalogue, "#{root}/secrets/serve-zookeeper.password")).to eq("zk-password-sample\n")
      expect(file_content(catalogue, '/etc/mysql-discovery/serve.yaml')).not_to include('zk-password-sample')
    end

    it 'serves plain HTTP on loopback beside Orchestrator' do
      expect(rendered['serve']['http']).to eq('bindAddress' => '127.0.0.1', 'port' => 9796)
      expect(rendered['serve']).not_to include('tls')
    end
  end

  context 'with the status page off' do
    let(:params) { sample_params.merge(status_page: false) }

    it 'says the page is off and still reads ZooKeeper as the observer for the precheck\'s datacenters (issue 18)' do
      expect(rendered['serve']['statusPage']).to include('enabled' => false)
      expect(rendered['zookeeper']['auth']).to include('user' => 'observer')
      is_expected.to contain_file("#{root}/secrets/serve-zookeeper.password").with(mode: '0400', show_diff: false)
    end
  end

  context 'without ZooKeeper authentication (the explicit opt-out)' do
    let(:pre_condition) do
      sample_base('schema' => :undef, 'zk_identities' => :undef, 'zk_allow_unauthenticated' => true) +
        "class { 'mysql_discovery::cli': mysql_password_file => '#{root}/secrets/mysql.password' }\n"
    end
    let(:params) { sample_params }

    it 'writes allowUnauthenticated and no password file' do
      expect(rendered['zookeeper']).to include('allowUnauthenticated' => true)
      expect(rendered['zookeeper']).not_to include('auth')
      is_expected.not_to contain_file("#{root}/secrets/serve-zookeeper.password")
    end
  end

  context 'bound to a desk-reachable address without a key store' do
    let(:params) { sample_params.merge(bind_address: '10.0.0.11') }

    it { is_expected.to compile.and_raise_error(%r{not loopback.*tls_keystore}) }
  end

  context 'bound to a desk-reachable address with tls => false (the explicit opt-out)' do
    let(:params) { sample_params.merge(bind_address: '10.0.0.11', tls: false) }

    it 'serves plain HTTP there' do
      expect(rendered['serve']['http']).to eq('bindAddress' => '10.0.0.11', 'port' => 9796)
      expect(rendered['serve']).not_to include('tls')
    end
  end

  context 'with a key store' do
    let(:params) do
      sample_params.merge(bind_address: '10.0.0.11', tls_keystore: '/etc/mysql-discovery/serve.p12',
                          tls_keystore_password: sensitive('changeit'))
    end

    it 'serves HTTPS with the key store password in its own secret file' do
      expect(rendered['serve']['tls']).to eq('keystore' => '/etc/mysql-discovery/serve.p12',
                                             'keystorePasswordFile' => '/etc/mysql-discovery/serve-keystore.password',
                                             'keystoreType' => 'PKCS12')
      is_expected.to contain_file('/etc/mysql-discovery/serve-keystore.password').with(mode: '0400', show_diff: false)
    end
  end

  context 'with tls => true and no key store' do
    let(:params) { sample_params.merge(tls: true) }

    it { is_expected.to compile.and_raise_error(%r{tls => true needs tls_keystore}) }
  end
end
