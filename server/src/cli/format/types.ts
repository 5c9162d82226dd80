import type { Severity } from '../../core/checks/rules';
import type { Range } from '../../core/workspace/positions';

/** One finding as the CLI reports it: a file as given on the command line and an LSP-style range. */
export interface CliDiagnostic {
  file: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
}
