/** Editing requests (completion, hover, definition, links, outline): core assists in, LSP types out. */
import type {
  CompletionList,
  CompletionParams,
  DefinitionParams,
  DocumentLink,
  DocumentLinkParams,
  DocumentSymbol,
  DocumentSymbolParams,
  Hover,
  HoverParams,
  Location,
  LocationLink,
  Position,
} from 'vscode-languageserver/node';
import { complete, type AssistContext } from '../core/assist/complete/index';
import { findDefinition } from '../core/assist/definition';
import { hover as coreHover } from '../core/assist/hover';
import { documentLinks as coreLinks } from '../core/assist/links';
import { documentSymbol } from '../core/assist/symbols';
import type { DocumentState } from '../core/workspace/workspace';
import { toCompletionItem, toDocumentLink, toDocumentSymbol, toHover, toLocationLinks, toLocations } from './assist';

/** What the handlers need from the server: documents synced to the editor's latest text, and the catalog. */
export interface RequestHost {
  documentAt(uri: string, position: Position): Promise<{ state: DocumentState; index: number; offset: number } | undefined>;
  statesOf(uri: string): Promise<readonly DocumentState[]>;
  assistContext(): AssistContext;
  /** The client accepts LocationLink[] for definitions. */
  readonly linkSupport: boolean;
}

export async function completion(host: RequestHost, params: CompletionParams): Promise<CompletionList | null> {
  const found = await host.documentAt(params.textDocument.uri, params.position);
  if (!found) return null;
  const items = complete(found.state.doc.text, found.offset, host.assistContext()).map((c) => toCompletionItem(found.state, c));
  return { isIncomplete: false, items };
}

export async function hover(host: RequestHost, params: HoverParams): Promise<Hover | null> {
  const found = await host.documentAt(params.textDocument.uri, params.position);
  const result = found && coreHover(found.state.doc, found.offset, host.assistContext());
  return found && result ? toHover(found.state, result) : null;
}

export async function definition(host: RequestHost, params: DefinitionParams): Promise<LocationLink[] | Location[] | null> {
  const found = await host.documentAt(params.textDocument.uri, params.position);
  const result = found && findDefinition(found.state.doc, found.offset, host.assistContext());
  if (!found || !result) return null;
  const links = toLocationLinks(found.state, params.textDocument.uri, result.from, result.targets);
  return host.linkSupport ? links : toLocations(links);
}

export async function documentLinks(host: RequestHost, params: DocumentLinkParams): Promise<DocumentLink[]> {
  const ctx = host.assistContext();
  return (await host.statesOf(params.textDocument.uri)).flatMap((state) => coreLinks(state.doc, ctx).map((link) => toDocumentLink(state, link)));
}

export async function documentSymbols(host: RequestHost, params: DocumentSymbolParams): Promise<DocumentSymbol[]> {
  return (await host.statesOf(params.textDocument.uri)).flatMap((state, i) => {
    const symbol = documentSymbol(state.doc, i);
    return symbol ? [toDocumentSymbol(state, symbol)] : [];
  });
}
