import { describe, expect, it } from 'vitest';
import { compilePlan, simulate } from '../run';
import { seriesCsv } from './series-csv';
import { fixtureDesign } from './testing';

/** A small RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  return rows;
}

describe('seriesCsv', () => {
  it('given a simulated run, writes one row per snapshot whose cells read back as the snapshot values', () => {
    const result = simulate(compilePlan(fixtureDesign(), { requests: 20_000 }));
    const [header, ...rows] = parseCsv(seriesCsv(result));
    expect(rows).toHaveLength(result.series.length);
    const col = (name: string) => header.indexOf(name);
    expect(col('tMs')).toBe(0);
    for (const name of ['hitRatio', 'p95Ms', 'usedMemoryBytes', 'pubsub.delivered', 'namespaceHitRatio.products']) expect(col(name)).toBeGreaterThan(0);
    const last = result.series[result.series.length - 1];
    const lastRow = rows[rows.length - 1];
    expect(Number(lastRow[col('tMs')])).toBe(last.tMs);
    expect(Number(lastRow[col('hitRatio')])).toBe(last.hitRatio);
    expect(Number(lastRow[col('namespaceHitRatio.products')])).toBe(last.namespaceHitRatio[0]);
    expect(Number(lastRow[col('pubsub.delivered')])).toBe(last.pubsub?.delivered);
  });

  it('quotes a column name with a comma or a quote, and leaves a cell empty where a snapshot lacks the column', () => {
    const csv = seriesCsv({ namespaces: [{ name: 'a,"b"' }], series: [{ tMs: 0, namespaceHitRatio: [0.5] }, { tMs: 1000, namespaceHitRatio: [0.25], extra: 7 }] });
    expect(csv.split('\r\n')[0]).toBe('tMs,"namespaceHitRatio.a,""b""",extra');
    expect(parseCsv(csv)).toEqual([['tMs', 'namespaceHitRatio.a,"b"', 'extra'], ['0', '0.5', ''], ['1000', '0.25', '7']]);
  });

  it('writes only the header line of an empty series', () => {
    expect(seriesCsv({ series: [] })).toBe('\r\n');
  });
});
