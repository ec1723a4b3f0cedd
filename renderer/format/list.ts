/** "0", "0 and 1", "0, 1 and 2": items joined as a sentence would. */
const LIST = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });

export function formatList(items: ReadonlyArray<string | number>): string {
  return LIST.format(items.map(String));
}
