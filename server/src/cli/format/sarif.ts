/** SARIF 2.1.0 for code-scanning uploads: one run, one rule per diagnostic code, 1-based regions. */
import { RULES, RuleCode } from '../../core/checks/rules';
import type { CliDiagnostic } from './types';

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(diagnostics: CliDiagnostic[], toolVersion: string, rulesDocUrl: (code: RuleCode) => string): string {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort() as RuleCode[];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'platform-aware',
          version: toolVersion,
          informationUri: rulesDocUrl('schema').replace(/#.*$/, ''),
          rules: codes.map((code) => ({
            id: code,
            shortDescription: { text: RULES[code]?.summary ?? code },
            helpUri: rulesDocUrl(code),
            defaultConfiguration: { level: LEVEL[RULES[code]?.severity ?? 'warning'] },
          })),
        },
      },
      results: diagnostics.map((d) => ({
        ruleId: d.code,
        ruleIndex: codes.indexOf(d.code as RuleCode),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: d.file.split('\\').join('/') },
            region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
          },
        }],
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
