/**
 * `check(fixture)`: the core test convention (STYLE, "Tests are data-driven"). A fixture is YAML in which
 * comment lines made of `^` markers point at the line above and name the expected finding:
 *
 *     kind: PostgresInstance
 *     #     ^^^^^^^^^^^^^^^^ unknown-capability: did you mean PostgreSQLInstance
 *
 * Marker lines are removed before checking. Every finding must be marked (code and exact range), and
 * the text after the code, if any, must appear in the finding's message. A range that starts at column 0
 * is written `#^^^`: the `#` stands for the first marked column.
 */
import assert from 'node:assert/strict';
import { DEFAULT_CHECK_OPTIONS, CheckOptions } from '#server/core/checks/context';
import type { Finding } from '#server/core/checks/finding';
import { contributionOfText } from '#server/core/catalog/fromText';
import { rangeInFile } from '#server/core/workspace/positions';
import { FileReport, Workspace } from '#server/core/workspace/workspace';
import { loadSamplePlatform } from '#server/sources/sample';

export interface FixtureOptions {
  /** Other workspace files (definitions, claims that produce Secrets), by file name. */
  files?: Record<string, string>;
  /** Leave the sample platform out (it stands in only when nothing else offers capabilities anyway). */
  noSample?: boolean;
  options?: Partial<CheckOptions>;
  /** Only findings with these codes are compared (default: all). */
  codes?: string[];
}

interface Expected {
  line: number;
  start: number;
  end: number;
  code: string;
  message?: string;
}

const MARKER = /^(\s*#\s*)(\^+)\s+([a-z-]+)(?::\s*(.*))?$/;
const MARKER_AT_ZERO = /^#(\^+)\s+([a-z-]+)(?::\s*(.*))?$/;

export function parseFixture(fixture: string): { text: string; expected: Expected[] } {
  const lines = dedent(fixture).split('\n');
  const kept: string[] = [];
  const expected: Expected[] = [];
  for (const line of lines) {
    const atZero = MARKER_AT_ZERO.exec(line);
    const match = MARKER.exec(line);
    if (atZero && kept.length > 0) {
      expected.push({ line: kept.length - 1, start: 0, end: atZero[1]!.length + 1, code: atZero[2]!, message: atZero[3]?.trim() || undefined });
    } else if (match && kept.length > 0) {
      const start = line.indexOf('^');
      expected.push({ line: kept.length - 1, start, end: start + match[2]!.length, code: match[3]!, message: match[4]?.trim() || undefined });
    } else kept.push(line);
  }
  return { text: kept.join('\n'), expected };
}

export function workspaceWith(options: FixtureOptions = {}): Workspace {
  const workspace = new Workspace();
  if (!options.noSample) workspace.setSource('sample:', 'sample', loadSamplePlatform());
  for (const [name, text] of Object.entries(options.files ?? {})) workspace.update(`file:///ws/${name}`, dedent(text), 1, true);
  return workspace;
}

export function reportOf(text: string, options: FixtureOptions = {}, workspace = workspaceWith(options)): FileReport {
  workspace.update('file:///ws/manifest.yaml', text, 1, true);
  return workspace.report('file:///ws/manifest.yaml', { ...DEFAULT_CHECK_OPTIONS, ...options.options })!;
}

export interface PlacedFinding extends Finding {
  line: number;
  start: number;
  end: number;
  endLine: number;
}

export function findingsOf(report: FileReport): PlacedFinding[] {
  return report.documents.flatMap((doc) =>
    doc.findings.map((f) => {
      const range = rangeInFile(doc, f.span);
      return { ...f, line: range.start.line, start: range.start.character, end: range.end.character, endLine: range.end.line };
    }),
  );
}

export function check(fixture: string, options: FixtureOptions = {}): PlacedFinding[] {
  const { text, expected } = parseFixture(fixture);
  const all = findingsOf(reportOf(text, options));
  const actual = options.codes ? all.filter((f) => options.codes!.includes(f.code)) : all;
  const describe = (f: { line: number; start: number; end: number; code: string }) => `${f.line}:${f.start}-${f.end} ${f.code}`;
  const listing = () => `\nactual:\n${actual.map((f) => `  ${describe(f)} ${f.message}`).join('\n')}\nexpected:\n${expected.map((e) => `  ${describe(e)} ${e.message ?? ''}`).join('\n')}`;
  assert.deepEqual(actual.map(describe).sort(), expected.map(describe).sort(), listing());
  for (const e of expected) {
    if (!e.message) continue;
    const match = actual.find((f) => describe(f) === describe(e));
    assert.ok(match!.message.includes(e.message), `"${match!.message}" should include "${e.message}"`);
  }
  return actual;
}

/** Definition files are written with the same helper: contributions straight from text. */
export function contribution(name: string, text: string) {
  return contributionOfText(`file:///ws/${name}`, dedent(text), 'workspace');
}

export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
