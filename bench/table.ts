// The one table `make bench` prints: a row per figure with its target and verdict, and the number
// formats the rows share.

export interface Row {
  /** "1 evaluation", "2 admission", ... */
  readonly section: string;
  readonly case: string;
  readonly result: string;
  /** The target for this figure, if it has one. */
  readonly target?: string;
  /** Whether the target is met; undefined when the row has no target. */
  readonly ok?: boolean;
}

/** Child sections print their rows as JSON lines with this prefix; anything else is progress. */
export const rowPrefix = 'ROW ';

export function emitRow(row: Row): void {
  process.stdout.write(`${rowPrefix}${JSON.stringify(row)}\n`);
}

function verdict(row: Row): string {
  if (row.ok === undefined) return '';
  return row.ok ? 'met' : 'MISSED';
}

/** Renders the rows as an aligned plain-text table. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['section', 'case', 'result', 'target', 'verdict'];
  const cells = rows.map((r) => [r.section, r.case, r.result, r.target ?? '', verdict(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...cells.map(line)].join('\n');
}

/** 12,345 */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Microseconds from nanoseconds, with a precision that suits the magnitude. */
export function us(ns: number): string {
  const v = ns / 1000;
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} µs`;
}

export function ms(v: number): string {
  return `${v < 1 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
