/**
 * The facade of the checks: everything found in one YAML document. Pure: same document, catalog,
 * secret index and options give the same findings, which is what lets the workspace cache them.
 */
import type { ParsedDocument } from '../parse/document';
import { isDaprKind } from '../workspace/dapr';
import type { CheckContext } from './context';
import { checkDaprComponent } from './dapr';
import { checkDaprLinks } from './daprLinks';
import type { Finding } from './finding';
import { checkInstance } from './instance';
import { checkApplication, isApplication } from './kubevela';
import { RULES } from './rules';
import { checkScoreWorkload, isScoreWorkload } from './score';
import { checkWorkloadSecrets, isWorkload } from './workloads';

export function checkDocument(doc: ParsedDocument, ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  if (doc.syntaxError) {
    findings.push({ code: 'yaml-syntax', severity: RULES['yaml-syntax'].severity, message: doc.syntaxError.message, span: doc.syntaxError.span });
  }
  if (doc.valueProblem) {
    // toJS refused the document (an alias bomb): there is no value to check.
    findings.push({ code: 'yaml-syntax', severity: 'error', message: `The document cannot be read: ${doc.valueProblem}`, span: { start: 0, end: Math.min(doc.text.length, doc.text.indexOf('\n') >>> 0) } });
    return findings;
  }
  const head = doc.head;
  // A document the parser had to recover is not checked further: its recovered shape is a guess, and
  // findings on a guess are noise until the syntax is fixed. Other documents of the file are checked.
  if (doc.syntaxError) return findings;
  // A Score workload has no kind, hence no head: its apiVersion or its file name says what it is.
  if (isScoreWorkload(doc, ctx.uri)) return [...findings, ...checkScoreWorkload(doc, ctx)];
  if (!head) return findings;
  findings.push(...checkInstance(doc, head, ctx));
  if (isWorkload(head)) findings.push(...checkWorkloadSecrets(doc, head, ctx));
  if (isApplication(head)) findings.push(...checkApplication(doc, ctx));
  if (isDaprKind(doc, 'Component')) findings.push(...checkDaprComponent(doc, ctx));
  findings.push(...checkDaprLinks(doc, head, ctx));
  return findings;
}
