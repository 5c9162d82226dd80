/**
 * `platform-aware status` output: one record per declared instance (file as given on the command line,
 * 1-based line of the document's `kind`), printed as text lines or a JSON array, and, under `--watch`,
 * one line (text) or one JSON object (JSON Lines) per change.
 */
import type { InstanceState } from '../../core/status/types';

export interface StatusChild {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  state: InstanceState;
  reason?: string;
  message?: string;
}

/** Every key is always present; `namespace`, `reason` and `message` are null when there is none. */
export interface StatusRecord {
  file: string;
  /** 1-based. */
  line: number;
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  state: InstanceState;
  reason: string | null;
  message: string | null;
  children: StatusChild[];
}

function qualified(r: { namespace?: string | null; name: string }): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

function stateText(r: { state: string; reason?: string | null }): string {
  return r.reason ? `${r.state} (${r.reason})` : r.state;
}

/** `file:line: Kind ns/name  State (reason): message`, children below, then `3/4 ready`. */
export function formatStatusText(records: StatusRecord[]): string {
  if (records.length === 0) return 'no instances declared\n';
  const lines: string[] = [];
  for (const r of records) {
    lines.push(`${r.file}:${r.line}: ${r.kind} ${qualified(r)}  ${stateText(r)}${r.message ? `: ${r.message}` : ''}`);
    for (const c of r.children) lines.push(`  └ ${c.kind} ${c.name}  ${stateText(c)}`);
  }
  lines.push(`${records.filter((r) => r.state === 'Ready').length}/${records.length} ready`);
  return `${lines.join('\n')}\n`;
}

export function formatStatusJson(records: StatusRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}

/** `HH:MM:SS file:line Kind ns/name State (reason)` (local time), for `--watch`. */
export function formatChangeText(r: StatusRecord, at: Date): string {
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${time} ${r.file}:${r.line} ${r.kind} ${qualified(r)} ${stateText(r)}\n`;
}

/** One JSON object on one line (JSON Lines), for `--watch --format json`. */
export function formatChangeJson(r: StatusRecord): string {
  return `${JSON.stringify(r)}\n`;
}
