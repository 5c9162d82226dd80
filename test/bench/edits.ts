// One-character edits at random places of a generated file, the way a user types: a digit changed, a letter
// typed into an enum value or a key, a Secret name mistyped, a trailing space, and a `#---` comment turned into
// a document boundary (`#` deleted) and back (`#` typed again). The editor keeps the text in sync so every
// edit is sent as an incremental didChange with an exact range, and positions are recomputed after each one.
import { Generated, Rng, Unit } from './generate';

export interface Position {
  line: number;
  character: number;
}

export interface Edit {
  kind: EditKind;
  /** Offset in the text before the edit. */
  offset: number;
  /** Characters removed at `offset` (0 or 1). */
  removed: number;
  inserted: string;
  range: { start: Position; end: Position };
}

export type EditKind = 'digit' | 'value-typo' | 'boundary-add' | 'key-typo' | 'secret-typo' | 'boundary-remove' | 'trailing-space';
const CYCLE: readonly EditKind[] = ['value-typo', 'boundary-add', 'digit', 'secret-typo', 'boundary-remove', 'key-typo', 'trailing-space'];

export class Editor {
  text: string;
  readonly units: Unit[];
  private readonly rng: Rng;
  private count = 0;
  /** Offsets of `---` lines the benchmark created (by deleting `#`), oldest first. */
  private readonly boundaries: number[] = [];

  constructor(generated: Generated, seed: number) {
    this.text = generated.text;
    this.units = generated.units.map((u) => ({ ...u }));
    this.rng = new Rng(seed ^ 0x5eed);
  }

  /** The next edit, already applied to `text` (ranges refer to the text before it, as LSP wants). */
  next(): Edit {
    for (let attempt = 0; attempt < 50; attempt++) {
      const kind = CYCLE[(this.count + attempt) % CYCLE.length];
      const plan = this.plan(kind);
      if (plan) {
        this.count++;
        return this.apply(kind, plan.offset, plan.removed, plan.inserted);
      }
    }
    throw new Error('no place found for an edit');
  }

  private unitText(index: number): string {
    const end = index + 1 < this.units.length ? this.units[index + 1].start : this.text.length;
    return this.text.slice(this.units[index].start, end);
  }

  private randomUnit(type: Unit['type']): number {
    for (;;) {
      const i = this.rng.int(0, this.units.length - 1);
      if (this.units[i].type === type) return i;
    }
  }

  /**
   * A random match of `regex` (global, multiline) inside a random unit of `type`; for claims only the part from
   * `spec:` on is searched, so edits land in parameters rather than in labels.
   */
  private find(type: Unit['type'], regex: RegExp, wholeUnit = false, tries = 20): { unit: number; offset: number; match: RegExpMatchArray } | undefined {
    for (let t = 0; t < tries; t++) {
      const unit = this.randomUnit(type);
      const text = this.unitText(unit);
      const from = type === 'claim' && !wholeUnit ? Math.max(0, text.indexOf('\nspec:\n')) : 0;
      const matches = [...text.slice(from).matchAll(regex)];
      if (matches.length === 0) continue;
      const match = this.rng.pick(matches);
      return { unit, offset: this.units[unit].start + from + (match.index ?? 0), match };
    }
    return undefined;
  }

  private plan(kind: EditKind): { offset: number; removed: number; inserted: string } | undefined {
    switch (kind) {
      case 'digit': {
        // The last digit of an integer parameter: 20 -> 21.
        const hit = this.find('claim', /^ {4,}[A-Za-z]\w*: \d+$/gm);
        if (!hit) return undefined;
        const end = hit.offset + hit.match[0].length - 1;
        const digit = Number(this.text[end]);
        return { offset: end, removed: 1, inserted: String((digit + 1) % 10) };
      }
      case 'value-typo': {
        // A letter typed at the end of a plain word value under spec (an enum value usually): medium -> mediumx.
        const hit = this.find('claim', /^ {4,}[A-Za-z]\w*: [a-z][a-z-]*$/gm);
        if (!hit) return undefined;
        return { offset: hit.offset + hit.match[0].length, removed: 0, inserted: 'x' };
      }
      case 'key-typo': {
        // A letter typed into a parameter key: size -> sjize (unknown field).
        const hit = this.find('claim', /^ {4,}[a-z]\w+:/gm);
        if (!hit) return undefined;
        const indent = hit.match[0].length - hit.match[0].trimStart().length;
        return { offset: hit.offset + indent + 1, removed: 0, inserted: 'j' };
      }
      case 'secret-typo': {
        // A letter typed into the Secret name a Deployment reads.
        const hit = this.find('deployment', /^ +name: \S+-conn$/gm);
        if (!hit) return undefined;
        return { offset: hit.offset + hit.match[0].length - '-conn'.length, removed: 0, inserted: 'z' };
      }
      case 'trailing-space': {
        const hit = this.find('deployment', /^ +image: \S+$/gm);
        if (!hit) return undefined;
        return { offset: hit.offset + hit.match[0].length, removed: 0, inserted: ' ' };
      }
      case 'boundary-add': {
        const hit = this.find('claim', /^#---$/gm, true);
        if (!hit) return undefined;
        this.boundaries.push(hit.offset);
        return { offset: hit.offset, removed: 1, inserted: '' };
      }
      case 'boundary-remove': {
        const offset = this.boundaries.shift();
        if (offset === undefined) return undefined;
        return { offset, removed: 0, inserted: '#' };
      }
    }
  }

  private apply(kind: EditKind, offset: number, removed: number, inserted: string): Edit {
    const start = positionAt(this.text, offset);
    const end = removed === 0 ? start : positionAt(this.text, offset + removed);
    this.text = this.text.slice(0, offset) + inserted + this.text.slice(offset + removed);
    const delta = inserted.length - removed;
    if (delta !== 0) {
      for (const u of this.units) if (u.start > offset) u.start += delta;
      for (let i = 0; i < this.boundaries.length; i++) if (this.boundaries[i] > offset) this.boundaries[i] += delta;
    }
    return { kind, offset, removed, inserted, range: { start, end } };
  }

  /** A position on a parameter key (inside the key, after its first letter) of a random claim. */
  completionPosition(): Position | undefined {
    const hit = this.find('claim', /^( +)parameters:\n( +)[a-z]\w*:/gm) ?? this.find('claim', /^spec:\n( +)[a-z]\w*:/gm);
    if (!hit) return undefined;
    const keyLineOffset = hit.offset + hit.match[0].indexOf('\n') + 1;
    const indent = (hit.match[2] ?? hit.match[1]).length;
    return positionAt(this.text, keyLineOffset + indent + 1);
  }
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
