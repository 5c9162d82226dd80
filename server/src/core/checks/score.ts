/**
 * Score workloads (`apiVersion: score.dev/v1b1`, or a `score*.yaml` file holding a map without `kind`;
 * PRODUCT §2): the official schema (`score/schema.ts`), then the resources against the platform's
 * provisioners and every placeholder (`score/resources.ts`). A Score file has no `kind`, so it has no
 * ResourceHead; a synthetic one gives the shared finding helpers their anchors.
 */
import { obj, str } from '../catalog/from/helpers';
import type { ParsedDocument, ResourceHead } from '../parse/document';
import { isMap } from 'yaml';
import { locate, spanOf } from '../parse/locate';
import type { CheckContext } from './context';
import type { Finding } from './finding';
import { RULES } from './rules';
import { checkScoreResources } from './score/resources';
import { scoreSchemaFindings } from './score/schema';

const SCORE_FILE = /(^|\/)score[^/]*\.ya?ml$/i;
const SCORE_VERSIONS = ['v1b1'];

export function isScoreWorkload(doc: ParsedDocument, uri: string | undefined): boolean {
  const value = obj(doc.value);
  if (!value) return false;
  const apiVersion = str(value['apiVersion']);
  if (apiVersion !== undefined) return apiVersion.startsWith('score.dev/');
  return value['kind'] === undefined && uri !== undefined && SCORE_FILE.test(uri) && ('containers' in value || 'resources' in value);
}

export function checkScoreWorkload(doc: ParsedDocument, ctx: CheckContext): Finding[] {
  const head = scoreHead(doc);
  if (head.apiVersion && !SCORE_VERSIONS.includes(head.version)) {
    return [{
      code: 'unknown-version',
      severity: RULES['unknown-version'].severity,
      message: `Score has no version ${head.version}; served: ${SCORE_VERSIONS.join(', ')}`,
      span: head.apiVersionSpan,
      data: { replacement: `score.dev/${SCORE_VERSIONS[SCORE_VERSIONS.length - 1]}` },
    }];
  }
  // In document order: resources usually come after the containers whose placeholders name them.
  return [...scoreSchemaFindings(doc, head, ctx.options), ...checkScoreResources(doc, ctx.catalog, ctx.options)].sort((a, b) => a.span.start - b.span.start);
}

/** apiVersion's value (or the first key when it is missing) anchors findings about the whole workload. */
function scoreHead(doc: ParsedDocument): ResourceHead {
  const apiVersion = str(obj(doc.value)?.['apiVersion']) ?? '';
  const located = locate(doc.ast.contents, ['apiVersion']);
  const root = doc.ast.contents;
  const firstKey = isMap(root) ? spanOf(root.items[0]?.key) : undefined;
  const anchor = (located.depth === 1 ? located.value : undefined) ?? firstKey ?? { start: 0, end: 0 };
  return { apiVersion, group: 'score.dev', version: apiVersion.slice(apiVersion.indexOf('/') + 1), kind: 'Score', apiVersionSpan: anchor, kindSpan: anchor };
}
