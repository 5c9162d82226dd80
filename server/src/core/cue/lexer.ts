/**
 * Tokens of the CUE subset that `cue/parser.ts` reads (see its header for what the subset leaves out).
 * Follows the CUE spec's lexical rules where the subset needs them: `//` comments (kept, because KubeVela
 * documents parameters with `// +usage=` lines), automatic commas at line ends (as Go inserts semicolons:
 * after an identifier, a literal, `)`, `]`, `}`, `...` or `_|_`), string interpolation `\( )`, multi-line
 * `"""` strings and `#"…"#` raw strings, number multipliers (`1Gi`).
 */

export type TokenKind = 'ident' | 'string' | 'interp' | 'number' | 'punct' | 'keyword' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The identifier, punctuation, keyword, or the decoded string value (for 'interp': the raw text). */
  text: string;
  /** A number's value. */
  value?: number;
  isFloat?: boolean;
  start: number;
  end: number;
  /** `//` comment lines directly above this token (no blank line between), without the slashes. */
  doc?: string[];
  /** Inserted by a line end, not written. */
  implicit?: boolean;
}

export class CueSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const KEYWORDS = new Set(['if', 'for', 'in', 'let', 'package', 'import']);
// Longest first: the lexer takes the first that matches.
const PUNCTUATION = ['...', '_|_', '==', '!=', '<=', '>=', '=~', '!~', '&&', '||', '{', '}', '[', ']', '(', ')', ':', ',', '.', '?', '!', '=', '&', '|', '+', '-', '*', '/', '<', '>', '@'];
const MULTIPLIER = /^(?:[KMGTP]i?)/;
const SCALE: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5 };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let doc: string[] = [];
  let lineHasToken = false;
  const push = (token: Token) => {
    if (doc.length > 0) token.doc = doc;
    doc = [];
    tokens.push(token);
    lineHasToken = true;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      if (endsStatement(tokens[tokens.length - 1])) tokens.push({ kind: 'punct', text: ',', start: i, end: i, implicit: true });
      // A blank line detaches the comments above it from the next field.
      if (!lineHasToken && doc.length > 0 && isBlankLineAfterComment(text, i)) doc = [];
      lineHasToken = false;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (text.startsWith('//', i)) {
      const stop = text.indexOf('\n', i);
      const end = stop === -1 ? text.length : stop;
      if (!lineHasToken) doc.push(text.slice(i + 2, end).trim());
      i = end;
    } else if (text.startsWith('_|_', i)) {
      push({ kind: 'punct', text: '_|_', start: i, end: i + 3 });
      i += 3;
    } else if (isIdentStart(ch, text[i + 1])) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text[j]!)) j++;
      const word = text.slice(i, j);
      push({ kind: KEYWORDS.has(word) ? 'keyword' : 'ident', text: word, start: i, end: j });
      i = j;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i = readNumber(text, i, push);
    } else if (ch === '"' || ch === "'" || (ch === '#' && /^#+["']/.test(text.slice(i, i + 8)))) {
      i = readString(text, i, push);
    } else {
      const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
      if (!punct) throw new CueSyntaxError(`unexpected character ${JSON.stringify(ch)}`, i);
      push({ kind: 'punct', text: punct, start: i, end: i + punct.length });
      i += punct.length;
    }
  }
  if (endsStatement(tokens[tokens.length - 1])) tokens.push({ kind: 'punct', text: ',', start: text.length, end: text.length, implicit: true });
  tokens.push({ kind: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}

function isBlankLineAfterComment(text: string, newline: number): boolean {
  const lineStart = text.lastIndexOf('\n', newline - 1) + 1;
  return text.slice(lineStart, newline).trim() === '';
}

function endsStatement(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.kind === 'ident' || token.kind === 'string' || token.kind === 'interp' || token.kind === 'number') return true;
  return token.kind === 'punct' && [')', ']', '}', '...', '_|_'].includes(token.text) && !token.implicit;
}

function isIdentStart(ch: string, next: string | undefined): boolean {
  if (/[A-Za-z_$]/.test(ch)) return true;
  // `#Name` is a definition; `#"` starts a raw string (handled before this is asked).
  return ch === '#' && next !== undefined && /[A-Za-z_$]/.test(next);
}

function isIdentPart(ch: string): boolean {
  return /[A-Za-z0-9_$]/.test(ch);
}

function readNumber(text: string, start: number, push: (t: Token) => void): number {
  const match = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)/.exec(text.slice(start))!;
  let end = start + match[0].length;
  const raw = match[0].replace(/_/g, '');
  let value = /^0[xob]/i.test(raw) ? Number(raw) : Number.parseFloat(raw);
  let isFloat = /[.eE]/.test(raw) && !/^0x/i.test(raw);
  const multiplier = MULTIPLIER.exec(text.slice(end));
  if (multiplier && !isIdentPart(text[end + multiplier[0].length] ?? ' ')) {
    value *= SCALE[multiplier[0]]!;
    end += multiplier[0].length;
    isFloat = !Number.isInteger(value);
  }
  if (Number.isNaN(value)) throw new CueSyntaxError(`invalid number ${text.slice(start, end)}`, start);
  push({ kind: 'number', text: text.slice(start, end), value, isFloat, start, end });
  return end;
}

/** Reads any string form; a string with `\(…)` interpolations becomes one 'interp' token. */
function readString(text: string, start: number, push: (t: Token) => void): number {
  let i = start;
  let hashes = 0;
  while (text[i] === '#') {
    hashes++;
    i++;
  }
  const quote = text[i]!;
  const multi = text.startsWith(quote.repeat(3), i);
  const close = (multi ? quote.repeat(3) : quote) + '#'.repeat(hashes);
  const escape = '\\' + '#'.repeat(hashes);
  i += multi ? 3 : 1;
  let value = '';
  let interpolated = false;
  for (;;) {
    if (i >= text.length) throw new CueSyntaxError('unterminated string', start);
    if (!multi && text[i] === '\n') throw new CueSyntaxError('newline in string', i);
    if (text.startsWith(close, i)) {
      i += close.length;
      break;
    }
    if (text.startsWith(escape, i)) {
      const after = text[i + escape.length];
      if (after === '(') {
        interpolated = true;
        i = skipInterpolation(text, i + escape.length + 1);
        continue;
      }
      value += unescape(after ?? '');
      i += escape.length + 1;
      continue;
    }
    value += text[i];
    i++;
  }
  push({ kind: interpolated ? 'interp' : 'string', text: interpolated ? text.slice(start, i) : multi ? dedentMultiline(value) : value, start, end: i });
  return i;
}

/** Index just past the `)` closing an interpolation, skipping nested parentheses and strings. */
function skipInterpolation(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length && depth > 0) {
    const ch = text[i]!;
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    }
    i++;
  }
  if (depth > 0) throw new CueSyntaxError('unterminated interpolation', from);
  return i;
}

function unescape(ch: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
  return map[ch] ?? ch;
}

/** A `"""` string drops its first line break and the indentation of its closing line. */
function dedentMultiline(value: string): string {
  const body = value.replace(/^\r?\n/, '');
  const lastBreak = body.lastIndexOf('\n');
  const indent = lastBreak === -1 ? '' : body.slice(lastBreak + 1);
  if (!/^[ \t]*$/.test(indent)) return body;
  return body.slice(0, lastBreak === -1 ? body.length : lastBreak).split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
}
