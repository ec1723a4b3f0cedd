/** `keyspace validate <design.yaml>…` */
import { parseArgs } from './args';
import { InputError, readDesignFile } from './design-file';
import type { Io } from './main';

export async function validateCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {});
  if (args.positionals.length === 0) throw new InputError(['keyspace validate: name at least one design file']);
  let failed = 0;
  for (const file of args.positionals) {
    try {
      const design = readDesignFile(file);
      io.out(`${file}: ok (${plural(design.namespaces.length, "namespace")}, ${plural(design.traffic.phases.length, "phase")})`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed++;
      io.err(error.lines.join('\n'));
    }
  }
  return failed > 0 ? 2 : 0;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
