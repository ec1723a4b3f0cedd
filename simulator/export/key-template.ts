/**
 * Key and channel patterns as source code: `room:{{roomId}}:members` becomes the TypeScript
 * template `room:{${roomId}}:members` or the Python f-string `f"room:{{{room_id}}}:members"`.
 * The hash tag keeps its braces so a cluster hashes only the tag.
 */

const TOKEN = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

type Piece = { text: string } | { param: string; tag: boolean };

function pieces(pattern: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) out.push({ text: pattern.slice(last, index) });
    out.push({ param: match[1] ?? match[2], tag: match[1] !== undefined });
    last = index + match[0].length;
  }
  if (last < pattern.length) out.push({ text: pattern.slice(last) });
  return out;
}

/** A TypeScript template literal; `rename` maps a placeholder to its parameter name. */
export function tsTemplate(pattern: string, rename: (param: string) => string): string {
  const body = pieces(pattern).map((piece) => {
    if ('text' in piece) return piece.text.replace(/[\\`]/g, '\\$&').replace(/\$\{/g, '\\${');
    const expr = `\${${rename(piece.param)}}`;
    return piece.tag ? `{${expr}}` : expr;
  }).join('');
  return `\`${body}\``;
}

/** A Python f-string; `rename` maps a placeholder to its parameter name. */
export function pyFString(pattern: string, rename: (param: string) => string): string {
  const body = pieces(pattern).map((piece) => {
    if ('text' in piece) {
      let text = '';
      for (const c of piece.text) {
        const code = c.charCodeAt(0);
        if (c === '\\' || c === '"') text += `\\${c}`;
        else if (c === '{' || c === '}') text += c + c;
        else if (code < 0x20 || code === 0x7f) text += `\\x${code.toString(16).padStart(2, '0')}`;
        else text += c;
      }
      return text;
    }
    const expr = `{${rename(piece.param)}}`;
    return piece.tag ? `{{${expr}}}` : expr;
  }).join('');
  return `f"${body}"`;
}
