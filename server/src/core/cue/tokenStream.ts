/** The token cursor `cue/parser.ts` reads with: look-ahead, expectations, spans and errors. */
import { CueSyntaxError, Token } from './lexer';

export const UNARY = new Set(['+', '-', '!', '*', '<', '<=', '>', '>=', '!=', '=~', '!~']);

export class TokenStream {
  protected pos = 0;

  constructor(protected readonly tokens: Token[]) {}

  protected startsExpr(): boolean {
    const token = this.peek();
    if (token.kind === 'eof') return false;
    if (token.kind !== 'punct') return true;
    return ['(', '{', '[', '_|_'].includes(token.text) || UNARY.has(token.text);
  }

  protected skipCommas(): void {
    while (this.isPunct(',')) this.pos++;
  }

  protected peek(): Token {
    return this.tokens[this.pos]!;
  }

  protected peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  protected next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  protected isPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === text;
  }

  protected isKeyword(text: string): boolean {
    const token = this.peek();
    return token.kind === 'keyword' && token.text === text;
  }

  protected expectPunct(text: string): Token {
    if (!this.isPunct(text)) throw this.error(`expected ${text}, found ${this.describe()}`);
    return this.next();
  }

  protected expectKeyword(text: string): Token {
    if (!this.isKeyword(text)) throw this.error(`expected ${text}, found ${this.describe()}`);
    return this.next();
  }

  protected expectKind(kind: Token['kind']): Token {
    if (this.peek().kind !== kind) throw this.error(`expected ${kind}, found ${this.describe()}`);
    return this.next();
  }

  protected describe(): string {
    const token = this.peek();
    if (token.kind === 'eof') return 'end of input';
    if (token.implicit) return 'newline';
    return JSON.stringify(token.text.length > 20 ? `${token.text.slice(0, 20)}…` : token.text);
  }

  protected spanFrom(start: number): { start: number; end: number } {
    const last = this.tokens[Math.max(this.pos - 1, 0)]!;
    return { start, end: Math.max(start, last.end) };
  }

  protected error(message: string): CueSyntaxError {
    return new CueSyntaxError(message, this.peek().start);
  }
}
