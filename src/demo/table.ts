// Renders rows as a plain-text table with aligned columns and wrapped last column.

function wrap(text: string, width: number): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  lines.push(line);
  return lines;
}

export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  lastWidth = 72,
): string {
  const fixed = header.length - 1;
  const widths = header
    .slice(0, fixed)
    .map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const out = [`${pad(header.slice(0, fixed))}  ${header[fixed] ?? ''}`];
  out.push(`${widths.map((w) => '-'.repeat(w)).join('  ')}  ${'-'.repeat(Math.min(lastWidth, 40))}`);
  for (const r of rows) {
    const [first, ...more] = wrap(r[fixed] ?? '', lastWidth);
    out.push(`${pad(r.slice(0, fixed))}  ${first ?? ''}`);
    for (const m of more) out.push(`${pad(widths.map(() => ''))}    ${m}`);
  }
  return out.join('\n');
}
