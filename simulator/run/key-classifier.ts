/** Which namespace a recorded key belongs to: the first whose pattern it matches. */
import { patternToRegExp } from '../model/patterns';

/**
 * The group of a key: the index of the first pattern it matches, or patterns.length
 * ("(unmatched)") when it matches none.
 */
export function keyClassifier(patterns: ReadonlyArray<string>): (key: string) => number {
  const matchers = patterns.map((pattern) => ({ prefix: literalPrefix(pattern), regex: patternToRegExp(pattern) }));
  return (key) => {
    for (let n = 0; n < matchers.length; n++) {
      if (key.startsWith(matchers[n].prefix) && matchers[n].regex.test(key)) return n;
    }
    return matchers.length;
  };
}

function literalPrefix(pattern: string): string {
  const brace = pattern.indexOf('{');
  return brace < 0 ? pattern : pattern.slice(0, brace);
}
