/**
 * Where each open document changed since the Workspace last saw it, in the offsets of the text the
 * Workspace holds. Fed by TextDocuments' update hook (before a change is applied), taken when the
 * Workspace is brought up to date; lets it re-split only around the edits (core/parse/split.ts).
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ChangedRange, mergeChanges } from '../core/parse/split';

export class EditRanges {
  /** undefined: no change noted; null: a change the ranges cannot describe (full replacement, multi-edit). */
  private readonly pending = new Map<string, ChangedRange | null>();

  note(document: TextDocument, changes: TextDocumentContentChangeEvent[]): void {
    const previous = this.pending.get(document.uri);
    const change = changes[0];
    // One ranged change (a keystroke, a paste) is the common case; several in one event (multi-cursor) or
    // a full replacement fall back to comparing, which is correct at any size, only slower.
    if (previous === null || changes.length !== 1 || !change || !('range' in change)) {
      this.pending.set(document.uri, null);
      return;
    }
    const next = { start: document.offsetAt(change.range.start), end: document.offsetAt(change.range.end), inserted: change.text.length };
    this.pending.set(document.uri, mergeChanges(previous, next));
  }

  /** The merged range since the last take, if it is known; forgets it. */
  take(uri: string): ChangedRange | undefined {
    const range = this.pending.get(uri);
    this.pending.delete(uri);
    return range ?? undefined;
  }

  forget(uri: string): void {
    this.pending.delete(uri);
  }
}
