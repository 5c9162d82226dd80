/**
 * Splits a multi-document YAML text into one chunk per document by scanning for the `---` and `...`
 * markers at the start of a line. This is exact, not a heuristic: YAML 1.2 forbids a document marker at
 * column 0 inside any node (spec 9.1.4, "c-forbidden"), so a line that starts with one always ends the
 * current document, even inside a block scalar or a quoted string. Chunks let an edit re-parse only the
 * document it touched (see ARCHITECTURE.md, "Incremental by document").
 */
export interface Chunk {
  /** Offset of the chunk's first character in the file; always the start of a line. */
  start: number;
  /** Zero-based line of `start` in the file. */
  startLine: number;
  text: string;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let hasContentBeforeMarker = false;
  for (let lineStart = 0; lineStart <= text.length; line++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const first = text.charCodeAt(lineStart);
    // Only lines starting with '-' or '.' can be markers; checking the first character keeps the scan cheap.
    if ((first === 45 || first === 46) && MARKER.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 4)))) {
      if (first === 45) {
        // `---` starts a new document; whatever came before (if anything) was the previous one.
        if (lineStart > chunkStart && (hasContentBeforeMarker || chunks.length > 0)) {
          chunks.push({ start: chunkStart, startLine: chunkLine, text: text.slice(chunkStart, lineStart) });
          chunkStart = lineStart;
          chunkLine = line;
        }
        hasContentBeforeMarker = false;
      } else {
        // `...` ends the current document: it stays with it, and the next one starts on the following line.
        chunks.push({ start: chunkStart, startLine: chunkLine, text: text.slice(chunkStart, lineEnd) });
        chunkStart = lineEnd;
        chunkLine = line + 1;
        hasContentBeforeMarker = false;
      }
    } else if (!hasContentBeforeMarker && !isBlankOrComment(text, lineStart, lineEnd)) {
      hasContentBeforeMarker = true;
    }
    if (newline === -1) break;
    lineStart = lineEnd;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ start: chunkStart, startLine: chunkLine, text: text.slice(chunkStart) });
  }
  return chunks;
}

function isBlankOrComment(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 35) return true; // '#'
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}
