/**
 * Crossplane references: `compositionRef` must name a Composition that composes this XR type, and a
 * `compositionSelector` must match at least one (Crossplane's composition selection, which otherwise
 * leaves the claim unsynced with "no compatible Compositions found"). v1 claims and XRs keep these under
 * `spec`, v2 XRs under `spec.crossplane`.
 */
import { at, obj, str } from '../catalog/from/helpers';
import type { Capability, Catalog, Composition } from '../catalog/types';
import type { ParsedDocument } from '../parse/document';
import { locate } from '../parse/locate';
import type { Finding } from './finding';
import { RULES } from './rules';
import { closest, didYouMean } from './suggest';

export function checkCompositionRefs(doc: ParsedDocument, capability: Capability, catalog: Catalog): Finding[] {
  const facts = capability.crossplane;
  // Without any Composition in the catalog nothing can be said: the platform's Compositions are elsewhere.
  if (!facts || catalog.compositions.length === 0) return [];
  const base = facts.xrdVersion === 'v2' && capability.role === 'composite' && !('compositionRef' in (obj(at(doc.value, 'spec')) ?? {})) ? ['spec', 'crossplane'] : ['spec'];
  const candidates = catalog.compositions.filter((c) => c.compositeKind === facts.compositeKind && groupOf(c.compositeApiVersion) === capability.group);
  const findings: Finding[] = [];
  const refName = str(at(doc.value, ...base, 'compositionRef', 'name'));
  if (refName !== undefined && !candidates.some((c) => c.name === refName)) {
    const nameSpan = locate(doc.ast.contents, [...base, 'compositionRef', 'name']).value!;
    const suggestion = closest(refName, candidates.map((c) => c.name));
    const elsewhere = catalog.compositions.find((c) => c.name === refName);
    const detail = elsewhere
      ? `Composition ${refName} composes ${elsewhere.compositeKind}, not ${facts.compositeKind}`
      : `no Composition named ${refName} composes ${facts.compositeKind}${didYouMean(refName, candidates.map((c) => c.name))}`;
    findings.push({
      code: 'composition-not-found',
      severity: RULES['composition-not-found'].severity,
      message: `${detail}${candidates.length ? `; available: ${candidates.map((c) => c.name).join(', ')}` : ''}`,
      span: nameSpan,
      data: { candidates: candidates.map((c) => c.name) },
      fixes: suggestion ? [{ title: `Change to ${suggestion}`, edits: [{ span: nameSpan, newText: suggestion }] }] : undefined,
    });
  }
  const matchLabels = obj(at(doc.value, ...base, 'compositionSelector', 'matchLabels'));
  if (matchLabels && !candidates.some((c) => matches(c, matchLabels))) {
    const located = locate(doc.ast.contents, [...base, 'compositionSelector', 'matchLabels']);
    const offered = candidates.map((c) => `${c.name} {${Object.entries(c.labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
    findings.push({
      code: 'composition-selector-no-match',
      severity: RULES['composition-selector-no-match'].severity,
      message: `compositionSelector matches no Composition for ${facts.compositeKind}${offered.length ? `; available: ${offered.join('; ')}` : ' (none is defined)'}`,
      span: located.key ?? located.value!,
    });
  }
  return findings;
}

function matches(composition: Composition, labels: Record<string, unknown>): boolean {
  return Object.entries(labels).every(([k, v]) => composition.labels[k] === String(v));
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
