/** Converts chunk-relative spans to file positions: the one place offsets become lines and characters. */
import type { Span } from '../text';
import type { DocumentState } from './workspace';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function rangeInFile(state: DocumentState, span: Span): Range {
  const index = state.doc.lineIndex();
  const start = index.position(span.start);
  const end = index.position(span.end);
  return {
    start: { line: state.chunk.startLine + start.line, character: start.character },
    end: { line: state.chunk.startLine + end.line, character: end.character },
  };
}

/** Where a document-relative offset lands in the file; the inverse for cursor positions from an editor. */
export function offsetInChunk(state: DocumentState, position: Position): number {
  return state.doc.lineIndex().offset(position.line - state.chunk.startLine, position.character);
}
