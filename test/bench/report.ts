// Small statistics and a plain-text table for the benchmark's output.
import { fmtMs } from './driver';

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "12.3 ms (8.10 ms–40.2 ms, n=30)" */
export function summary(values: number[]): string {
  return `${fmtMs(median(values))} (${fmtMs(Math.min(...values))}–${fmtMs(Math.max(...values))}, n=${values.length})`;
}

/** ours/yls on medians: below 1 means ours is smaller (faster, leaner). */
export function ratio(ours: number | undefined, yls: number | undefined): string {
  if (ours === undefined || yls === undefined || !Number.isFinite(ours) || !Number.isFinite(yls) || yls === 0) return '';
  const r = ours / yls;
  return r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toFixed(3)}×`;
}

/** Left-aligned columns; a cell too long for its column's cap wraps onto continuation lines. */
export function table(head: string[], rows: string[][]): string {
  const caps = [38, 44, 44, 9, 34];
  const widths = head.map((h, i) => Math.min(caps[i] ?? 40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const wrap = (text: string, width: number): string[] => {
    if (text.length <= width) return [text];
    const out: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) out.push(line);
    return out;
  };
  const render = (cells: string[]): string[] => {
    const wrapped = cells.map((c, i) => wrap(c, widths[i]));
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let l = 0; l < height; l++) lines.push(`  ${wrapped.map((w, i) => (w[l] ?? '').padEnd(widths[i])).join('  ')}`.trimEnd());
    return lines;
  };
  const rule = `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`;
  return [...render(head), rule, ...rows.flatMap(render)].join('\n');
}
