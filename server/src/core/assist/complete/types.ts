import type { Catalog } from '../../catalog/types';
import type { SecretIndex } from '../../workspace/secrets';
import type { Span } from '../../text';

/** What the assists read: plain data, no I/O. */
export interface AssistContext {
  catalog: Catalog;
  secrets: SecretIndex;
}

/** One completion, with spans relative to the document; `lsp/` turns it into a CompletionItem. */
export interface Completion {
  label: string;
  kind: 'capability' | 'field' | 'value' | 'reference' | 'type';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  snippet: boolean;
  /** The text the completion replaces (the partial word at the cursor). */
  replace: Span;
  additionalEdits?: { span: Span; newText: string }[];
  /** Orders required fields first, then the rest alphabetically. */
  sortText?: string;
}
