# frozen_string_literal: true

require 'spec_helper'
require 'yaml'

describe 'mysql_discovery::yaml_lines' do
  it 'writes nested hashes as blocks and scalars as JSON' do
    is_expected.to run.with_params('a' => 1, 'b' => { 'c' => 'x', 'd' => { 'e' => true } }, 'f' => %w[p q])
                      .and_return(['a: 1', 'b:', '  c: "x"', '  d:', '    e: true', 'f: ["p","q"]'])
  end

  it 'leaves undef values out' do
    is_expected.to run.with_params('a' => nil, 'b' => 2).and_return(['b: 2'])
  end

  it 'writes an empty hash as {}' do
    is_expected.to run.with_params('a' => {}).and_return(['a: {}'])
  end

  %w[on no Yes off y N true null 0123 1e3 7 a.b a:b #c].each do |key|
    it "keeps the key #{key.inspect} a string key" do
      lines = subject.execute(key => 1, 'outer' => { key => { key => 2 } })
      expect(YAML.safe_load(lines.join("\n"))).to eq(key => 1, 'outer' => { key => { key => 2 } })
    end
  end

  it 'keeps a key with a newline one key' do
    expect(YAML.safe_load(subject.execute("a: 1\nb" => 1).join("\n"))).to eq("a: 1\nb" => 1)
  end

  it 'writes plain field names plain' do
    is_expected.to run.with_params('reporting-replica' => 1, 'orders_2' => 2).and_return(['reporting-replica: 1', 'orders_2: 2'])
  end

  hostile = ["x\ny: 1", "'; DROP", '"quoted"', '# not a comment', '- item', '{a: 1}', "tab\there", "\u00e9\u4e2d", 'back\\slash', '*alias', '&anchor', '!!binary x', "\u0000nul", '']
  hostile.each do |value|
    it "keeps #{value.inspect} one string scalar that YAML reads back unchanged" do
      lines = subject.execute('f' => value, 'n' => { 'g' => value })
      expect(YAML.safe_load(lines.join("\n"))).to eq('f' => value, 'n' => { 'g' => value })
    end
  end
end

describe 'mysql_discovery::yaml_section' do
  it { is_expected.to run.with_params('pager', 'kind' => 'log', 'attempts' => 3).and_return(%(pager:\n  kind: "log"\n  attempts: 3)) }
end
