import { describe, expect, it } from 'vitest';
import { editDistance, closest } from '../../model';
import { COMMAND_NAMES } from './main';
import { runCli } from './test-cli';

const cli = runCli;

describe('keyspace <command> --help', () => {
  it.each(COMMAND_NAMES.map((name) => [name]))('%s answers --help and -h with every option described, and an example', async (name) => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = await cli(name, flag);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^usage: keyspace ${name}\\b`));
      expect(out).toMatch(/\nexample: keyspace /);
      const optionLines = out.split('\n').filter((line) => /^ {2}--/.test(line));
      for (const line of optionLines) expect(line, `${name}: ${line}`).toMatch(/^ {2}--\S+( \S+)?\s{2,}\S/);
    }
    const viaHelp = await cli('help', name);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.out).toMatch(new RegExp(`^usage: keyspace ${name}\\b`));
  });

  it('names the option a typo meant, and the command', async () => {
    const option = await cli('run', 'presets/eviction-shootout.yaml', '--requets', '10');
    expect(option.code).toBe(2);
    expect(option.err).toBe('keyspace run: unknown option --requets; did you mean --requests? (--help lists them)');
    const command = await cli('valdiate', 'x.yaml');
    expect(command.code).toBe(2);
    expect(command.err).toMatch(/^keyspace: unknown command "valdiate"; did you mean "validate"\?/);
    const far = await cli('run', 'x.yaml', '--zzzzzz');
    expect(far.err).toMatch(/unknown option --zzzzzz; valid: --env/);
  });

  it('refuses an option given twice, a switch with a value and a value that looks like an option', async () => {
    expect((await cli('run', 'x.yaml', '--seed', '1', '--seed', '2')).err).toMatch(/--seed is given twice/);
    expect((await cli('run', 'x.yaml', '--quiet=yes')).err).toMatch(/--quiet is a switch and takes no value/);
    expect((await cli('run', 'x.yaml', '--env', '--quiet')).err).toMatch(/--env takes a value; write --env=<value>/);
    expect((await cli('run', 'x.yaml', '--env')).err).toMatch(/--env needs a value/);
  });

  it('measures typos as edits, a swap of neighbours counting one', () => {
    expect(editDistance('rnu', 'run')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('requets', ['requests', 'seed'])).toBe('requests');
    expect(closest('xyz', ['requests', 'seed'])).toBeUndefined();
  });
});
