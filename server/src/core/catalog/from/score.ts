/**
 * Score provisioner files (score-compose `.score-compose/*.provisioners.yaml`, score-k8s
 * `.score-k8s/*.provisioners.yaml`) → one `score-resource` capability per entry; the catalog combines
 * the entries of one type into one capability with a list of provisioners (`facts.ts`). These files are
 * YAML lists, not Kubernetes objects: they are recognised by shape (every entry a map with `uri` and
 * `type`), or by their `.provisioners.yaml` name.
 */
import type { ParsedDocument } from '../../parse/document';
import type { ScoreProvisioner } from '../facts';
import type { Capability, Contribution, Provenance } from '../types';
import { typeCapabilityId } from '../types';
import { list, obj, problem, spanAt, str, strings, valueSpanAt } from './helpers';

export const SCORE_GROUP = 'score.dev';

const PROVISIONERS_FILE = /\.provisioners\.ya?ml$/i;

export function isProvisionerList(doc: ParsedDocument, uri: string): boolean {
  const entries = doc.value;
  if (!Array.isArray(entries) || entries.length === 0) return false;
  // Every entry names its provisioner or its type, and one at least both: a broken entry among
  // good ones is then reported on the file rather than the file being ignored.
  const has = (e: unknown, key: string) => typeof obj(e)?.[key] === 'string';
  const shaped = entries.every((e) => has(e, 'uri') || has(e, 'type')) && entries.some((e) => has(e, 'uri') && has(e, 'type'));
  return shaped || (PROVISIONERS_FILE.test(uri) && entries.some((e) => obj(e) !== undefined));
}

export function fromProvisioners(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution {
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  list(doc.value).forEach((raw, i) => {
    const entry = obj(raw);
    const type = str(entry?.['type']);
    if (!entry || !type) {
      // On the entry's `uri` key when it has one: the entry's whole block would run to the next entry.
      const at = entry && 'uri' in entry ? [i, 'uri'] : [i];
      out.problems.push({ ...problem(doc, uri, at, 'a Score provisioner needs a `type` (and a `uri`): this entry serves no resource'), span: spanAt(doc, at) });
      return;
    }
    const provisioner: ScoreProvisioner = {
      uri: str(entry['uri']),
      class: str(entry['class']),
      id: str(entry['id']),
      description: str(entry['description']),
      outputs: outputsOf(entry),
      supportedParams: Array.isArray(entry['supported_params']) ? strings(entry['supported_params']) : undefined,
    };
    const capability: Capability = {
      id: typeCapabilityId('score-resource', type),
      group: SCORE_GROUP,
      kind: type,
      role: 'score-resource',
      scope: 'Namespaced',
      versions: [],
      description: provisioner.description,
      score: { provisioners: [provisioner] },
      origin: { source, uri, nameSpan: valueSpanAt(doc, [i, 'type']) },
    };
    out.capabilities.push(capability);
  });
  return out;
}

/**
 * The output keys of a provisioner. `expected_outputs` is the declaration both tools document. Without
 * it, a template provisioner's outputs are the top-level keys of its `outputs` template (none when it
 * has no such template); a template that computes its keys (`range`, `toYaml`) and a provisioner of
 * another scheme (`cmd://`, `local-env://`, whose outputs a program decides) may output anything.
 */
function outputsOf(entry: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(entry['expected_outputs'])) return strings(entry['expected_outputs']);
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(str(entry['uri']) ?? '')?.[1]?.toLowerCase();
  if (scheme !== 'template') return undefined;
  const template = entry['outputs'];
  if (template === undefined || template === null) return [];
  if (typeof template !== 'string') return Object.keys(obj(template) ?? {});
  if (/\{\{-?\s*(?:range|toYaml|toJson|include|template)\b/.test(template)) return undefined;
  const keys = new Set<string>();
  for (const line of template.split('\n')) {
    // A top-level key starts at column 0, possibly after template actions that print nothing.
    const match = /^(?:\{\{[^}]*\}\})*\s*?([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*:(?:\s|$)/.exec(line);
    if (match && !line.startsWith(' ') && !line.startsWith('#')) keys.add(match[1]!);
  }
  return [...keys];
}
