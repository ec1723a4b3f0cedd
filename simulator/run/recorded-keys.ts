/** Keys of a recording (every DB) grouped by the design namespace whose pattern each matches. */
import { patternToRegExp } from '../model';
import type { RecordedKeys } from '../trace';
import type { KeyLayout } from './namespace-keys';

/** The keys of a recording grouped by the namespace pattern each matches. */
export class RecordedKeyLayout implements KeyLayout {
  readonly totalKeys: number;
  readonly groups: Uint16Array;
  readonly keysPerNamespace: Int32Array;

  constructor(private readonly keys: RecordedKeys, namespaces: ReadonlyArray<{ pattern: string }>) {
    this.totalKeys = keys.size;
    this.groups = new Uint16Array(keys.size);
    this.keysPerNamespace = new Int32Array(namespaces.length + 1);
    const matchers = namespaces.map((ns) => ({ prefix: literalPrefix(ns.pattern), regex: patternToRegExp(ns.pattern) }));
    for (let id = 0; id < keys.size; id++) {
      const key = keys.keyOf(id);
      let group = namespaces.length;
      for (let n = 0; n < matchers.length; n++) {
        if (key.startsWith(matchers[n].prefix) && matchers[n].regex.test(key)) { group = n; break; }
      }
      this.groups[id] = group;
      this.keysPerNamespace[group]++;
    }
  }

  namespaceOf(id: number): number {
    return this.groups[id];
  }

  keyBytes(id: number): number {
    return this.keys.keyBytes(id);
  }

  dbOf(id: number): number {
    return this.keys.dbOf(id);
  }

  forEachKeyOf(namespace: number, visit: (id: number) => void): void {
    for (let id = 0; id < this.groups.length; id++) if (this.groups[id] === namespace) visit(id);
  }
}

function literalPrefix(pattern: string): string {
  const brace = pattern.indexOf('{');
  return brace < 0 ? pattern : pattern.slice(0, brace);
}
