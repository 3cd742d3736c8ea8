/** A benchmark table: a title, column names, rows of cells, and notes printed under it. */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes?: readonly string[];
}

/** Numbers (with separators, units or a trailing ×) align right; text aligns left. */
const NUMERIC = /^[\d.,\s×µs%-]+$/;

/**
 * Formats a table as plain text with aligned columns.
 * @example console.log(formatTable({ title: 'x', columns: ['a', 'b'], rows: [['1', '2']] }))
 */
export function formatTable(table: Table): string {
  const widths = table.columns.map((c, i) =>
    Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const w = widths[i] as number;
        return NUMERIC.test(cell) && cell !== '' ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    table.title,
    line(table.columns),
    rule,
    ...table.rows.map(line),
    ...(table.notes ?? []).map((n) => `  ${n}`),
  ].join('\n');
}

/** A count with thousands separators: 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Microseconds with three significant figures: 0.512, 12.3, 345. */
export function formatMicros(us: number): string {
  return us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us >= 1 ? us.toFixed(2) : us.toFixed(3);
}

/** A ratio: "512×", "1.00×". */
export function formatRatio(r: number): string {
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}
