# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery::orchestrator_hooks' do
  let(:pre_condition) { "class { 'mysql_discovery': jar_source_base => 'https://artifacts.example.com/md/0.1.0' }" }
  let(:fragment_path) { '/etc/mysql-discovery/orchestrator-hooks.conf.json' }
  let(:fragment) { JSON.parse(catalogue.resource('File', fragment_path)[:content]) }
  let(:hook_lists) { canonical_hooks.keys.grep(%r{Processes\z}) }

  # The canonical line with the tokens filled the way the class is expected to fill them.
  def filled(line, port: '9798', scheme: 'https', curl_opts: '',
             token_file: '/etc/mysql-discovery/orchestrator-hooks.token',
             precheck_config: '/etc/mysql-discovery/cli.yaml', precheck_url: 'http://127.0.0.1:9796')
    line.gsub('@ROLE_AGENT_PORT@', port).gsub('@SCHEME@', scheme).gsub('@CURL_OPTS@', curl_opts)
        .gsub('@TOKEN_FILE@', token_file).gsub('@PRECHECK_CONFIG@', precheck_config)
        .gsub('@PRECHECK_URL@', precheck_url)
  end

  context 'with defaults' do
    it { is_expected.to compile.with_all_deps }

    it 'writes the fragment as JSON' do
      is_expected.to contain_file(fragment_path).with(ensure: 'file', owner: 'root', mode: '0644')
      expect(fragment).to be_a(Hash)
    end

    it 'carries every hook list of the canonical file, tokens filled, nothing else changed' do
      hook_lists.each do |list|
        expect(fragment[list]).to eq(canonical_hooks[list].map { |line| filled(line) }), list
      end
    end

    it 'carries the three hook lists the design needs, none of them empty' do
      %w[PreFailoverProcesses PreGracefulTakeoverProcesses PostMasterFailoverProcesses].each do |list|
        expect(fragment[list]).not_to be_empty, list
      end
    end

    it 'bounds every curl with -m: Orchestrator waits for a hook forever' do
      curls = fragment.values.grep(Array).flatten.select { |line| line.include?('curl ') }
      expect(curls).not_to be_empty
      curls.each { |line| expect(line).to match(%r{curl\b[^|;]*\s-m\s*[0-9]+}), line }
    end

    it 'never hides a failed drain: an unconfirmed drain must abort the planned switchover' do
      fragment['PreGracefulTakeoverProcesses'].each { |line| expect(line).not_to match(%r{\|\|\s*true\s*\z}), line }
    end

    it 'runs the pre-check with the CLI config Puppet writes' do
      expect(fragment['PreFailoverProcesses'].join("\n")).to include('precheck').and include('/etc/mysql-discovery/cli.yaml')
    end

    it 'leaves no token unfilled' do
      expect(fragment.values.grep(Array).flatten.grep(%r{@[A-Z_]+@})).to be_empty
    end

    it 'sets the Orchestrator settings the suite relies on' do
      expect(fragment).to include('PreventCrossDataCenterMasterFailover' => true,
                                  'ApplyMySQLPromotionAfterMasterFailover' => true,
                                  'RecoveryPeriodBlockSeconds' => 3600)
      expect(fragment).not_to include('ReplicationCredentialsQuery', 'DetectDataCenterQuery', 'DataCenterPattern')
    end

    it 'asks the resident precheck service, falling back to the command' do
      line = fragment['PreFailoverProcesses'].join("\n")
      expect(line).to include("'http://127.0.0.1:9796/v1/precheck'").and include('exec mysql-discovery precheck')
    end

    it 'runs the precheck service: its config and a systemd unit running `mysql-discovery serve`' do
      is_expected.to contain_class('mysql_discovery::serve').with(port: 9796,
                                                                   token_file: '/etc/mysql-discovery/orchestrator-hooks.token')
      serve = YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/serve.yaml'))
      expect(serve['serve']).to eq('http' => { 'bindAddress' => '127.0.0.1', 'port' => 9796 },
                                   'auth' => { 'tokenFile' => '/etc/mysql-discovery/orchestrator-hooks.token' },
                                   'connectionMaxIdleMillis' => 300_000,
                                   'statusPage' => { 'enabled' => true, 'refreshMillis' => 500, 'syncConfigs' => [],
                                                     'proxysqlRefreshMillis' => 5000 })
      expect(serve['precheck']).to eq('maxLagSeconds' => 10, 'deadlineMillis' => 5000, 'allowCrossDatacenter' => false)
      # No ZooKeeper named here (no zk_connect): serve's precheck knows no datacenter and its status page is off
      # (it warns so).
      expect(serve).not_to have_key('zookeeper')
      expect(serve['mysql']).to include('user' => 'mysql-discovery')
      unit = file_content(catalogue, '/etc/systemd/system/mysql-discovery-serve.service')
      expect(unit).to match(%r{^ExecStart=\S+ .* -jar /usr/share/mysql-discovery/mysql-discovery\.jar serve --config /etc/mysql-discovery/serve\.yaml$})
      expect(unit).to include('User=root')
      is_expected.to contain_service('mysql-discovery-serve').with(ensure: 'running', enable: true)
    end

    it 'restarts the precheck service before the hook lines that ask it change' do
      is_expected.to contain_class('mysql_discovery::serve').that_comes_before('File[/etc/mysql-discovery/orchestrator-hooks.conf.json]')
    end

    context 'with the suite\'s ZooKeeper' do
      let(:pre_condition) { sample_base('schema' => :undef) }

      it 'gives serve its read-only observer identity: it remembers where servers were registered (issue 18)' do
        serve = YAML.safe_load(file_content(catalogue, '/etc/mysql-discovery/serve.yaml'))
        expect(serve['zookeeper']['auth']).to include('user' => 'observer')
        expect(serve['zookeeper']['connectString']).to eq('zk1.example.com:2181,zk2.example.com:2181,zk3.example.com:2181')
      end
    end

    it 'installs the CLI for the pre-check' do
      is_expected.to contain_class('mysql_discovery::cli')
      is_expected.to contain_package('mysql-discovery')
    end

    it('writes no token file when no token is given') { is_expected.not_to contain_file('/etc/mysql-discovery/orchestrator-hooks.token') }

    it 'exposes the same settings to a profile that writes orchestrator.conf.json itself' do
      # A profile reads $mysql_discovery::orchestrator_hooks::settings; the file is that Hash as JSON.
      expect(fragment.keys).to include(*hook_lists)
    end
  end

  context 'with scheme http (the explicit opt-out from TLS)' do
    let(:params) { { scheme: 'http' } }

    it 'fills the hook lines with http' do
      hook_lists.each do |list|
        expect(fragment[list]).to eq(canonical_hooks[list].map { |line| filled(line, scheme: 'http') }), list
      end
    end
  end

  context 'with a CA file' do
    let(:params) { { ca_file: '/etc/ssl/certs/internal-ca.pem' } }

    it 'verifies the role agents with it (--cacert) on every line' do
      hook_lists.each do |list|
        expect(fragment[list]).to eq(canonical_hooks[list].map { |line| filled(line, curl_opts: '--cacert /etc/ssl/certs/internal-ca.pem') }), list
      end
    end
  end

  context 'with a token, https, curl options, another port and a MariaDB credentials query' do
    let(:params) do
      {
        token: sensitive('t0ken'),
        hook_user: 'orchestrator',
        hook_group: 'orchestrator',
        scheme: 'https',
        role_agent_port: 19_798,
        curl_opts: ['--cacert', '/etc/ssl/certs/internal-ca.pem'],
        token_file: '/etc/orchestrator/role-agent.token',
        replication_credentials_query: 'SELECT user, password FROM meta.replication_credentials',
        data_center_pattern: '[.]([^.]+)[.]example[.]com',
        recovery_period_block_seconds: 600,
        extra_settings: { 'RecoverMasterClusterFilters' => ['*'] },
      }
    end

    it { is_expected.to compile.with_all_deps }

    it 'writes the token 0400 for the user Orchestrator runs as' do
      is_expected.to contain_file('/etc/orchestrator/role-agent.token')
        .with(owner: 'orchestrator', group: 'orchestrator', mode: '0400', show_diff: false,
              content: sensitive("t0ken\n"))
    end

    it 'fills the tokens with these values' do
      hook_lists.each do |list|
        expected = canonical_hooks[list].map do |line|
          filled(line, port: '19798', scheme: 'https', curl_opts: '--cacert /etc/ssl/certs/internal-ca.pem',
                       token_file: '/etc/orchestrator/role-agent.token')
        end
        expect(fragment[list]).to eq(expected), list
      end
    end

    it 'carries the settings' do
      expect(fragment).to include(
        'ReplicationCredentialsQuery' => 'SELECT user, password FROM meta.replication_credentials',
        'DataCenterPattern' => '[.]([^.]+)[.]example[.]com',
        'RecoveryPeriodBlockSeconds' => 600,
        'RecoverMasterClusterFilters' => ['*'],
      )
    end
  end

  context 'without the pre-check' do
    let(:params) { { precheck: false } }

    it { is_expected.to compile.with_all_deps }
    it { is_expected.not_to contain_class('mysql_discovery::cli') }
    it { is_expected.not_to contain_class('mysql_discovery::serve') }

    it 'drops exactly the lines that run the pre-check' do
      hook_lists.each do |list|
        expected = canonical_hooks[list].reject { |line| line.include?('@PRECHECK_CONFIG@') }.map { |line| filled(line) }
        expect(fragment[list]).to eq(expected), list
      end
    end
  end

  describe 'refuses bad input' do
    [
      [{ extra_settings: { 'PostMasterFailoverProcesses' => ['echo pwned'] } }, %r{extra_settings must not set PostMasterFailoverProcesses}],
      [{ curl_opts: ['--data', "x'; rm -rf /"] }, %r{curl_opts}],
      [{ curl_opts: ['$(id)'] }, %r{curl_opts}],
      [{ token_file: '/tmp/a b' }, %r{token_file}],
      [{ token_file: '/tmp/$(id)' }, %r{token_file}],
      [{ precheck_config: 'relative.yaml' }, %r{precheck_config}],
      [{ scheme: 'ftp' }, %r{scheme}],
      [{ role_agent_port: 70_000 }, %r{role_agent_port}],
      [{ precheck_port: 0 }, %r{precheck_port}],
    ].each do |bad, message|
      context "with #{bad.keys.join(', ')} = #{bad.values.map(&:inspect).join(', ')[0, 60]}" do
        let(:params) { bad }

        it { is_expected.to compile.and_raise_error(message) }
      end
    end
  end

  context 'with Orchestrator running as its own user' do
    let(:pre_condition) do
      "class { 'mysql_discovery': jar_source_base => 'https://artifacts.example.com/md/0.1.0' }\n" \
        "class { 'mysql_discovery::cli': mysql_password => Sensitive('x'), secret_owner => '#{cli_owner}' }"
    end
    let(:params) { { hook_user: 'orchestrator', hook_group: 'orchestrator', token: sensitive('tokenSAMPLE-0123456789abcdefXYZ') } }

    context 'when the pre-check can read its password' do
      let(:cli_owner) { 'orchestrator' }

      it { is_expected.to compile.with_all_deps }
      it { is_expected.to contain_file('/etc/mysql-discovery/orchestrator-hooks.token').with(owner: 'orchestrator', mode: '0400') }

      it 'runs the precheck service as that user, who can read the token and the password' do
        expect(file_content(catalogue, '/etc/systemd/system/mysql-discovery-serve.service')).to include('User=orchestrator')
      end
    end

    context 'when it could not (every failover would be refused)' do
      let(:cli_owner) { 'root' }

      it { is_expected.to compile.and_raise_error(%r{the pre-check runs as orchestrator, but mysql_discovery::cli::secret_owner is root}) }
    end
  end
end
