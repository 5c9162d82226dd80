/** Core assist results → LSP types: completion items, hovers, locations, links and symbols. */
import {
  CompletionItem,
  CompletionItemKind,
  DocumentLink,
  DocumentSymbol,
  Hover,
  InsertTextFormat,
  InsertTextMode,
  Location,
  LocationLink,
  MarkupKind,
  SymbolKind,
} from 'vscode-languageserver/node';
import type { Completion } from '../core/assist/complete/types';
import type { Target } from '../core/assist/definition';
import type { Hover as CoreHover } from '../core/assist/hover';
import type { Link } from '../core/assist/links';
import type { DocumentSymbolInfo } from '../core/assist/symbols';
import { rangeInFile } from '../core/workspace/positions';
import type { DocumentState } from '../core/workspace/workspace';
import type { Span } from '../core/text';

const ITEM_KIND: Record<Completion['kind'], CompletionItemKind> = {
  capability: CompletionItemKind.Class,
  field: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
  type: CompletionItemKind.TypeParameter,
};

export function toCompletionItem(state: DocumentState, completion: Completion): CompletionItem {
  return {
    label: completion.label,
    kind: ITEM_KIND[completion.kind],
    detail: completion.detail,
    documentation: completion.documentation ? { kind: MarkupKind.Markdown, value: completion.documentation } : undefined,
    sortText: completion.sortText,
    // The text carries its own indentation (the server knows the YAML nesting): insert it as is.
    insertTextMode: InsertTextMode.asIs,
    insertTextFormat: completion.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: rangeInFile(state, completion.replace), newText: completion.insertText },
    additionalTextEdits: completion.additionalEdits?.map((edit) => ({ range: rangeInFile(state, edit.span), newText: edit.newText })),
  };
}

export function toHover(state: DocumentState, hover: CoreHover): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: rangeInFile(state, hover.span) };
}

export function toLocationLinks(state: DocumentState, uri: string, from: Span, targets: Target[]): LocationLink[] {
  const origin = rangeInFile(state, from);
  return targets.map((target) => {
    const range = 'here' in target ? rangeInFile(state, target.here) : { start: target.position, end: target.position };
    return { originSelectionRange: origin, targetUri: 'here' in target ? uri : target.uri, targetRange: range, targetSelectionRange: range };
  });
}

export function toLocations(links: LocationLink[]): Location[] {
  return links.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
}

export function toDocumentLink(state: DocumentState, link: Link): DocumentLink {
  // `#L<line>,<column>` is the fragment VS Code (and others) open at a position.
  return { range: rangeInFile(state, link.span), target: `${link.uri}#L${link.position.line + 1},${link.position.character + 1}`, tooltip: link.tooltip };
}

const SYMBOL_KIND: Record<DocumentSymbolInfo['kind'], SymbolKind> = {
  document: SymbolKind.Class,
  component: SymbolKind.Module,
  resource: SymbolKind.Object,
  container: SymbolKind.Object,
};

export function toDocumentSymbol(state: DocumentState, symbol: DocumentSymbolInfo): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KIND[symbol.kind],
    range: rangeInFile(state, symbol.span),
    selectionRange: rangeInFile(state, symbol.selection),
    children: symbol.children.map((child) => toDocumentSymbol(state, child)),
  };
}
