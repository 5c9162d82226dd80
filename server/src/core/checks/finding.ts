import type { Span } from '../text';
import type { RuleCode, Severity } from './rules';

/** A related location: another file (a definition, the manifest that provides a Secret). */
export interface RelatedLocation {
  uri: string;
  span?: Span;
  message: string;
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
}
