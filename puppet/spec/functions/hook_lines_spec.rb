# frozen_string_literal: true

require 'spec_helper'

describe 'mysql_discovery::hook_lines' do
  let(:tokens) { { '@SCHEME@' => 'https', '@ROLE_AGENT_PORT@' => '9798' } }

  it 'fills every occurrence of every token' do
    is_expected.to run.with_params({ 'PostMasterFailoverProcesses' => ['curl @SCHEME@://a:@ROLE_AGENT_PORT@ @SCHEME@'] }, tokens)
                      .and_return('PostMasterFailoverProcesses' => ['curl https://a:9798 https'])
  end

  it 'keeps Orchestrator placeholders and shell text as they are' do
    line = %q(curl -m 5 --data '{"instance":"{failedHost}:{failedPort}"}' @SCHEME@://{successorHost}:@ROLE_AGENT_PORT@/v1/role || true)
    is_expected.to run.with_params({ 'X' => [line] }, tokens)
                      .and_return('X' => [line.sub('@SCHEME@', 'https').sub('@ROLE_AGENT_PORT@', '9798')])
  end

  it 'drops blank lines and keeps empty lists' do
    is_expected.to run.with_params({ 'A' => ['', '  '], 'B' => [] }, tokens).and_return('A' => [], 'B' => [])
  end

  it 'refuses a line with a token it was not given' do
    is_expected.to run.with_params({ 'PreFailoverProcesses' => ['x @PRECHECK_CONFIG@'] }, tokens)
                      .and_raise_error(%r{PreFailoverProcesses has a token Puppet does not fill: x @PRECHECK_CONFIG@})
  end

  it 'refuses a token name that is not @UPPER_CASE@' do
    is_expected.to run.with_params({ 'A' => ['x'] }, { 'scheme' => 'https' }).and_raise_error(ArgumentError)
  end

  it 'refuses lists that are not arrays of strings' do
    is_expected.to run.with_params({ 'A' => 'curl x' }, tokens).and_raise_error(ArgumentError)
    is_expected.to run.with_params({ 'A' => [1] }, tokens).and_raise_error(ArgumentError)
  end
end
