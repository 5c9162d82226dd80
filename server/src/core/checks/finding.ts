import type { Span } from '../text';
import type { RuleCode, Severity } from './rules';

/** A related location: another file (a definition, the manifest that provides a Secret). */
export interface RelatedLocation {
  uri: string;
  /** Offsets in that file. */
  span?: Span;
  /** Where `span` starts as a line and character: that file may not be open, so its text is not at hand. */
  position?: { line: number; character: number };
  message: string;
}

/** An edit a finding proposes, spans relative to the document: a quick fix offers it as is. */
export interface SuggestedFix {
  title: string;
  edits: { span: Span; newText: string }[];
}

/** One thing a check found, with a span relative to the document it was found in. */
export interface Finding {
  code: RuleCode;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedLocation[];
  /** Data a quick fix needs to act on this finding (self-contained: see STYLE, "Requests are self-contained"). */
  data?: Record<string, unknown>;
  /** Ready edits (a did-you-mean replacement): offered as quick fixes without further computation. */
  fixes?: SuggestedFix[];
}
