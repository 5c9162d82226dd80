/**
 * A Score workload's resources against the platform's provisioners: each `resources.<name>` must be
 * served by a provisioner of its `type` whose class and id match (`unknown-resource-type`; score-compose
 * and score-k8s fail `generate` with "resource ... is not supported by any provisioner"), its `params`
 * should be ones the provisioners list (`unknown-field`, a warning: the tools list them but do not
 * enforce them), and every `${…}` placeholder must resolve (`unknown-placeholder`).
 */
import { at, obj, str } from '../../catalog/from/helpers';
import { provisionersOf, ScoreProvisioner } from '../../catalog/facts';
import type { Catalog } from '../../catalog/types';
import type { ParsedDocument } from '../../parse/document';
import { locate, PathSegment } from '../../parse/locate';
import type { Span } from '../../text';
import type { CheckOptions } from '../context';
import type { Finding } from '../finding';
import { RULES } from '../rules';
import { closest, didYouMean } from '../suggest';
import { scorePlaceholders } from './placeholders';

/** What the workload's resources resolve to; undefined provisioners: the type is not offered. */
type Served = Map<string, ScoreProvisioner[] | undefined>;

/** A provisioner that may output anything (nothing is known about the platform's provisioners). */
const ANYTHING: ScoreProvisioner[] = [{}];

export function checkScoreResources(doc: ParsedDocument, catalog: Catalog, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  // A platform without any Score provisioner says nothing about Score resources: its provisioners are
  // elsewhere (the score-compose or score-k8s project directory), so silence is right.
  const offered = catalog.byRole('score-resource');
  const served: Served = new Map();
  const resources = obj(at(doc.value, 'resources')) ?? {};
  const workload = str(at(doc.value, 'metadata', 'name')) ?? '';
  for (const [name, raw] of Object.entries(resources)) {
    const resource = obj(raw);
    const type = str(resource?.['type']);
    if (!resource || !type) continue;
    if (offered.length === 0) {
      served.set(name, ANYTHING);
      continue;
    }
    const capability = catalog.lookupType('score-resource', type);
    const path = ['resources', name];
    if (!capability) {
      served.set(name, undefined);
      findings.push({
        code: 'unknown-resource-type',
        severity: RULES['unknown-resource-type'].severity,
        message: `resource type "${type}" is not offered by any provisioner of the platform${didYouMean(type, offered.map((c) => c.kind))}`,
        span: valueSpan(doc, [...path, 'type']),
        data: { type, suggestion: closest(type, offered.map((c) => c.kind)) },
      });
      continue;
    }
    const all = provisionersOf(capability);
    const resClass = str(resource['class']) ?? 'default';
    const resId = str(resource['id']) ?? `${workload}.${name}`;
    const matching = servingProvisioners(all, resource, workload, name);
    served.set(name, matching.length ? matching : undefined);
    if (matching.length === 0) {
      const classes = [...new Set(all.map((p) => p.class ?? 'any class'))].join(', ');
      const what = resource['class'] !== undefined ? 'class' : 'id';
      findings.push({
        code: 'unknown-resource-type',
        severity: RULES['unknown-resource-type'].severity,
        message: `no provisioner of type "${type}" serves class "${resClass}"${resource['id'] !== undefined ? ` and id "${resId}"` : ''}; its provisioners serve: ${classes}`,
        span: valueSpan(doc, [...path, resource[what] !== undefined ? what : 'type']),
        data: { type, class: resClass },
      });
      continue;
    }
    findings.push(...paramFindings(doc, name, type, resource, matching, options));
  }
  findings.push(...placeholderFindings(doc, resources, served));
  return findings;
}

/**
 * The provisioners that serve a resource (score-go's matching): an unset provisioner class or id matches
 * anything; an unset resource class is `default`, an unset id is `<workload>.<resource>`.
 */
export function servingProvisioners(all: ScoreProvisioner[], resource: Record<string, unknown>, workload: string, name: string): ScoreProvisioner[] {
  const resClass = str(resource['class']) ?? 'default';
  const resId = str(resource['id']) ?? `${workload}.${name}`;
  return all.filter((p) => (p.class === undefined || p.class === resClass) && (p.id === undefined || p.id === resId));
}

/** A param is questionable only when every serving provisioner lists its params and none lists it. */
function paramFindings(doc: ParsedDocument, name: string, type: string, resource: Record<string, unknown>, matching: ScoreProvisioner[], options: CheckOptions): Finding[] {
  const params = obj(resource['params']);
  if (!params || options.unknownFields === 'ignore' || matching.some((p) => p.supportedParams === undefined)) return [];
  const supported = [...new Set(matching.flatMap((p) => p.supportedParams!))];
  const severity = options.unknownFields;
  return Object.keys(params).filter((param) => !supported.includes(param)).map((param) => ({
    code: 'unknown-field' as const,
    severity,
    message: `resources.${name}.params.${param}: no provisioner of type "${type}" lists this param (supported: ${supported.join(', ') || 'none'})${didYouMean(param, supported)}`,
    span: locate(doc.ast.contents, ['resources', name, 'params', param]).key ?? valueSpan(doc, ['resources', name, 'params']),
    data: { path: ['resources', name, 'params', param], declared: supported },
  }));
}

function placeholderFindings(doc: ParsedDocument, resources: Record<string, unknown>, served: Served): Finding[] {
  const findings: Finding[] = [];
  const metadata = at(doc.value, 'metadata');
  const names = Object.keys(resources);
  for (const placeholder of scorePlaceholders(doc)) {
    const [root, first, second] = placeholder.parts;
    let problem: string | undefined;
    if (root === 'metadata') {
      const keys = placeholder.parts.slice(1);
      if (keys.length === 0) problem = 'needs a metadata key, e.g. ${metadata.name}';
      else if (!hasPath(metadata, keys)) problem = `the workload's metadata has no ${keys.join('.')}${keys.length === 1 ? didYouMean(keys[0]!, Object.keys(obj(metadata) ?? {})) : ''}`;
    } else if (root === 'resources') {
      if (first === undefined || first === '') problem = 'needs a resource name, e.g. ${resources.db.host}';
      else if (!names.includes(first)) problem = `no resource "${first}" is declared in resources${names.length ? `${didYouMean(first, names)} (declared: ${names.join(', ')})` : ''}`;
      else if (second !== undefined) problem = unknownOutput(first, second, served.get(first));
    } else {
      problem = `unknown reference root "${root}": Score resolves \${metadata.…} and \${resources.…} (write $\${…} for a literal \${…})`;
    }
    if (problem) {
      findings.push({
        code: 'unknown-placeholder',
        severity: RULES['unknown-placeholder'].severity,
        message: `${placeholder.text}: ${problem}`,
        span: placeholder.span,
        data: { path: placeholder.path, parts: placeholder.parts },
      });
    }
  }
  return findings;
}

/** An output no serving provisioner declares; undefined while any of them may output anything. */
function unknownOutput(resource: string, output: string, provisioners: ScoreProvisioner[] | undefined): string | undefined {
  // An unknown type is reported on the type already; what it would output cannot be known.
  if (!provisioners || provisioners.some((p) => p.outputs === undefined)) return undefined;
  const outputs = [...new Set(provisioners.flatMap((p) => p.outputs!))];
  if (outputs.includes(output)) return undefined;
  return `resource "${resource}" has no output "${output}"; its provisioners output ${outputs.length ? outputs.join(', ') : 'nothing'}${didYouMean(output, outputs)}`;
}

function hasPath(value: unknown, keys: string[]): boolean {
  let current = value;
  for (const key of keys) {
    const map = obj(current);
    if (!map || !(key in map)) return false;
    current = map[key];
  }
  return true;
}

function valueSpan(doc: ParsedDocument, path: PathSegment[]): Span {
  const located = locate(doc.ast.contents, path);
  return (located.depth === path.length ? located.value : located.key) ?? { start: 0, end: 0 };
}
