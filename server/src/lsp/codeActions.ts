/**
 * Quick fixes: the ready edits findings carry (did-you-mean), "Add missing required fields", and
 * "Provision missing …" for a Secret nothing writes, which creates the claim in a new file next to the
 * workload (or appends it as a new document) and never overwrites anything; with a cluster connected, the
 * same fix followed by "apply to cluster" (dry run and confirmation happen in applyCommand.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { addMissingRequired } from '../core/assist/fixes/required';
import { provisionOptions } from '../core/assist/fixes/provision';
import type { Catalog } from '../core/catalog/types';
import type { Finding, SuggestedFix } from '../core/checks/finding';
import { secretUses } from '../core/checks/workloads';
import { rangeInFile } from '../core/workspace/positions';
import type { DocumentReport, FileReport } from '../core/workspace/workspace';
import { APPLY_COMMAND, ApplyArgument } from './applyCommand';

export interface CodeActionInput {
  report: FileReport;
  catalog: Catalog;
  target: 'file' | 'document';
  /** The client can create files (`workspace.workspaceEdit.resourceOperations` includes create). */
  canCreateFiles: boolean;
  /** A URI already taken (open, known to the server, or on disk). */
  taken: (uri: string) => boolean;
  /**
   * Offer "… and apply to cluster" beside each provisioning fix (the workspace is trusted and a cluster is
   * connected): the same edit, then the `platformAware.applyToCluster` command with the new manifest.
   */
  applyCommand?: boolean;
}

const MAX_PROVISION_OPTIONS = 5;

export function codeActions(params: CodeActionParams, input: CodeActionInput): CodeAction[] {
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  for (const document of input.report.documents) {
    for (const finding of document.findings) {
      const range = rangeInFile(document, finding.span);
      if (!overlaps(range, params.range)) continue;
      const diagnostic = params.context.diagnostics.find((d) => d.code === finding.code && sameRange(d.range, range));
      for (const [i, fix] of (finding.fixes ?? []).entries()) actions.push(fromFix(uri, document, fix, diagnostic, i === 0));
      if (finding.code === 'missing-required' && Array.isArray(finding.data?.['path'])) {
        const fix = addMissingRequired(document.doc, finding.data['path'] as (string | number)[], input.catalog);
        if (fix) actions.push(fromFix(uri, document, fix, diagnostic, true));
      }
      if (finding.code === 'secret-not-provided') actions.push(...provisions(uri, document, finding, diagnostic, input));
      if (finding.code === 'not-ready' && finding.data?.['reason'] === 'NotFound' && input.applyCommand) {
        // The instance is declared but not on the cluster: apply this document (dry run and confirmation follow).
        const argument: ApplyArgument = { uri, documentIndex: input.report.documents.indexOf(document) };
        actions.push({ title: 'Apply to cluster…', kind: CodeActionKind.QuickFix, diagnostics: diagnostic ? [diagnostic] : undefined, isPreferred: true, command: { title: 'Apply to cluster…', command: APPLY_COMMAND, arguments: [argument] } });
      }
    }
  }
  return actions;
}

function fromFix(uri: string, document: DocumentReport, fix: SuggestedFix, diagnostic: Diagnostic | undefined, preferred: boolean): CodeAction {
  const edits = fix.edits.map((e) => TextEdit.replace(rangeInFile(document, e.span), e.newText));
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: diagnostic ? [diagnostic] : undefined, isPreferred: preferred, edit: { changes: { [uri]: edits } } };
}

function provisions(uri: string, document: DocumentReport, finding: Finding, diagnostic: Diagnostic | undefined, input: CodeActionInput): CodeAction[] {
  const secret = String(finding.data?.['secret'] ?? '');
  const head = document.doc.head;
  if (!secret || !head) return [];
  // Every key the workload reads from this Secret, not only the one on this line.
  const keys = [...new Set(secretUses(document.doc, head).filter((u) => u.name === secret && u.key).map((u) => u.key!))];
  const namespace = typeof finding.data?.['namespace'] === 'string' ? (finding.data['namespace'] as string) : undefined;
  return provisionOptions({ secret, keys, namespace }, input.catalog).slice(0, MAX_PROVISION_OPTIONS).flatMap((option, i) => {
    const inNewFile = input.target === 'file' && input.canCreateFiles && uri.startsWith('file:');
    const written = inNewFile ? newFileEdit(uri, `${option.name}.${option.capability.kind.toLowerCase()}`, option.manifest, input.taken) : { uri, edit: appendEdit(uri, input.report, option.manifest) };
    const provision: CodeAction = { title: option.title, kind: CodeActionKind.QuickFix, diagnostics: diagnostic ? [diagnostic] : undefined, isPreferred: i === 0, edit: written.edit };
    if (!input.applyCommand) return [provision];
    // Never preferred: a cluster write is not something to pick by default. The manifest travels as text, so
    // the command applies exactly what the edit wrote, whether or not the client saved the new file yet.
    const argument: ApplyArgument = { uri: written.uri, text: option.manifest };
    const apply: CodeAction = { ...provision, title: option.applyTitle, isPreferred: false, command: { title: option.applyTitle, command: APPLY_COMMAND, arguments: [argument] } };
    return [provision, apply];
  });
}

/** A new file beside `uri`, named `<base>.yaml`, or `<base>-2.yaml`… when that is taken; and its URI. */
function newFileEdit(uri: string, base: string, text: string, taken: (uri: string) => boolean): { uri: string; edit: WorkspaceEdit } {
  const dir = dirname(fileURLToPath(uri));
  let candidate = pathToFileURL(join(dir, `${base}.yaml`)).href;
  for (let n = 2; taken(candidate); n++) candidate = pathToFileURL(join(dir, `${base}-${n}.yaml`)).href;
  return {
    uri: candidate,
    edit: {
      documentChanges: [
        { kind: 'create', uri: candidate, options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri: candidate, version: null }, edits: [TextEdit.insert({ line: 0, character: 0 }, text)] },
      ],
    },
  };
}

/** A new document at the end of the file: nothing before it changes. */
function appendEdit(uri: string, report: FileReport, text: string): WorkspaceEdit {
  const last = report.documents[report.documents.length - 1];
  const end = last ? rangeInFile(last, { start: last.chunk.text.length, end: last.chunk.text.length }).end : { line: 0, character: 0 };
  const needsNewline = !!last && !last.chunk.text.endsWith('\n');
  return { changes: { [uri]: [TextEdit.insert(end, `${needsNewline ? '\n' : ''}---\n${text}`)] } };
}

export function diskTaken(known: (uri: string) => boolean): (uri: string) => boolean {
  return (uri) => known(uri) || (uri.startsWith('file:') && existsSync(fileURLToPath(uri)));
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
