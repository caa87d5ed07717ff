# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery::secret' do
  let(:title) { '/etc/mysql-discovery/secrets/sample' }

  {
    'one line' => ['s3cret', "s3cret\n"],
    'one line with a newline' => ["s3cret\n", "s3cret\n"],
    'one line with CRLF' => ["s3cret\r\n", "s3cret\n"],
    'one line with spaces and quotes' => [%q(p@ss word "x" 'y' $z), %(p@ss word "x" 'y' $z\n)],
  }.each do |name, (given, written)|
    context "with #{name}" do
      let(:params) { { content: sensitive(given) } }

      it 'writes it 0400 for the service user, never in a diff or a backup' do
        is_expected.to contain_file(title).with(ensure: 'file', owner: 'mysql-discovery', group: 'mysql-discovery', mode: '0400',
                                                show_diff: false, backup: false, content: sensitive(written))
      end
    end
  end

  context 'for another user' do
    let(:params) { { content: sensitive('x'), owner: 'orchestrator', group: 'orchestrator' } }

    it { is_expected.to contain_file(title).with(owner: 'orchestrator', group: 'orchestrator', mode: '0400') }
  end

  ["first-SECRET\nsecond-SECRET", "\n", "\r\n", "left-SECRET\rright-SECRET"].each do |bad|
    context "with #{bad.inspect}" do
      let(:params) { { content: sensitive(bad) } }

      it('refuses it') { is_expected.to compile.and_raise_error(%r{mysql_discovery::secret\[#{Regexp.escape(title)}\]: a secret must be one non-empty line}) }

      it 'does not show it in the error' do
        expect { catalogue }.to raise_error(Puppet::Error) { |error| expect(error.message).not_to include('SECRET') }
      end
    end
  end

  context 'with a plain string' do
    let(:params) { { content: 'not sensitive' } }

    it { is_expected.to compile.and_raise_error(%r{content}) }
  end

  context 'with a relative path' do
    let(:title) { 'secrets/sample' }
    let(:params) { { content: sensitive('x') } }

    it { is_expected.to compile.and_raise_error(%r{path}) }
  end
end
