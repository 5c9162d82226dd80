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

/**
 * A chunk's text as a string of its own. `text.slice()` gives a V8 "sliced string" that keeps the whole
 * file text alive, so chunks kept across edits would pin one old copy of the file per version (the
 * benchmark saw 600 MB after 100 edits of a 3 MB file). Appending and slicing back forces a flat copy of
 * just the chunk; measured: 5,000 chunks in ~7 ms, and the old texts are released.
 */
function own(text: string): string {
  return text.length < 13 ? text : (text + ' ').slice(0, -1);
}

/**
 * `continuation`: the text starts right after an earlier chunk (incremental re-split), so a leading
 * comment block before `---` is a document of its own rather than part of the first one.
 */
export function splitDocuments(text: string, continuation = false): Chunk[] {
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
        if (lineStart > chunkStart && (hasContentBeforeMarker || chunks.length > 0 || continuation)) {
          chunks.push({ start: chunkStart, startLine: chunkLine, text: own(text.slice(chunkStart, lineStart)) });
          chunkStart = lineStart;
          chunkLine = line;
        }
        hasContentBeforeMarker = false;
      } else {
        // `...` ends the current document: it stays with it, and the next one starts on the following line.
        chunks.push({ start: chunkStart, startLine: chunkLine, text: own(text.slice(chunkStart, lineEnd)) });
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
    chunks.push({ start: chunkStart, startLine: chunkLine, text: own(text.slice(chunkStart)) });
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

/**
 * Re-splits an edited text, keeping the chunks before and after the edit: a chunk is kept when its text
 * is found unchanged at its (shifted) place and so is its neighbour on the edit's side, which pins the
 * boundary between them. Only the text between the kept chunks is scanned again. The result equals
 * `splitDocuments(text)`; kept chunks before the edit are the same objects, kept chunks after it are
 * shifted copies (`previous` is never mutated).
 */
export function resplitDocuments(previous: readonly Chunk[], text: string, changed?: ChangedRange): { chunks: Chunk[]; keptBefore: number; keptAfter: number } {
  const n = previous.length;
  const last = previous[n - 1];
  const oldLength = last ? last.start + last.text.length : 0;
  const delta = text.length - oldLength;
  // With the edit's range known, chunks outside it are unchanged by construction: no comparison needed.
  const hint = changed && changed.start <= changed.end && changed.end <= oldLength && changed.end - changed.start + delta === changed.inserted ? changed : undefined;
  let matchedBefore = 0;
  if (hint) matchedBefore = countWhile(previous, (c) => c.start + c.text.length <= hint.start);
  else while (matchedBefore < n && matchesAt(text, previous[matchedBefore]!.text, previous[matchedBefore]!.start)) matchedBefore++;
  // The first document decides how leading comments attach; an edit there re-splits from the top.
  const keptBefore = matchedBefore >= 2 && previous[matchedBefore - 1]!.text.includes('\n') ? matchedBefore - 1 : 0;
  if (keptBefore === 0) return { chunks: splitDocuments(text), keptBefore: 0, keptAfter: 0 };
  const middleStart = previous[keptBefore]!.start;
  let matchedAfter = 0;
  while (matchedAfter < n - keptBefore) {
    const chunk = previous[n - 1 - matchedAfter]!;
    const at = chunk.start + delta;
    // Found unchanged, and still at the start of a line: an insertion just before it may have joined it
    // to the previous line, which changes how that line splits.
    const unchanged = hint ? chunk.start >= hint.end : matchesAt(text, chunk.text, at);
    if (at < middleStart || !unchanged || (at > 0 && text.charCodeAt(at - 1) !== 10)) break;
    matchedAfter++;
  }
  const keptAfter = Math.max(0, matchedAfter - 1);
  const firstAfter = previous[n - keptAfter];
  const middleEnd = firstAfter ? firstAfter.start + delta : text.length;
  const middleLine = previous[keptBefore]!.startLine;
  const middle = middleEnd > middleStart ? splitDocuments(text.slice(middleStart, middleEnd), true).map((c) => ({ start: c.start + middleStart, startLine: c.startLine + middleLine, text: c.text })) : [];
  const lineShift = firstAfter ? middleLine + countLines(text, middleStart, middleEnd) - firstAfter.startLine : 0;
  const after = previous.slice(n - keptAfter).map((c) => ({ start: c.start + delta, startLine: c.startLine + lineShift, text: c.text }));
  return { chunks: [...previous.slice(0, keptBefore), ...middle, ...after], keptBefore, keptAfter };
}

/** Where an edit happened: offsets in the previous text, and the length of what replaced them. */
export interface ChangedRange {
  start: number;
  end: number;
  inserted: number;
}

/** Merges a later edit (in the coordinates after `first`) into `first` (in the original coordinates). */
export function mergeChanges(first: ChangedRange | undefined, next: ChangedRange): ChangedRange {
  if (!first) return next;
  const delta = first.inserted - (first.end - first.start);
  const back = (offset: number, side: 'start' | 'end') =>
    offset < first.start ? offset : offset >= first.start + first.inserted ? offset - delta : side === 'start' ? first.start : first.end;
  const start = Math.min(first.start, back(next.start, 'start'));
  const end = Math.max(first.end, back(next.end, 'end'));
  const totalDelta = delta + next.inserted - (next.end - next.start);
  return { start, end, inserted: end - start + totalDelta };
}

/** Length of the leading run of `items` that satisfy `test`, which must hold for a prefix only. */
function countWhile<T>(items: readonly T[], test: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (test(items[mid]!)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `text.startsWith(part, at)`, but a slice compared with === runs as one memory compare: 5x faster here. */
function matchesAt(text: string, part: string, at: number): boolean {
  return at + part.length <= text.length && text.slice(at, at + part.length) === part;
}

function countLines(text: string, start: number, end: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
