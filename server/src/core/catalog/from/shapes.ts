/**
 * Definition files that are not Kubernetes objects (no apiVersion/kind head), recognised by shape: Score
 * provisioner lists, Dapr component metadata.yaml files and Dapr's built-in authentication profiles.
 */
import type { ParsedDocument } from '../../parse/document';
import type { Contribution, Provenance } from '../types';
import { fromBuiltinProfiles, fromComponentMetadata, isBuiltinProfiles, isComponentMetadata } from './dapr';
import { fromProvisioners, isProvisionerList } from './score';

export function definitionsByShape(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution | undefined {
  if (isProvisionerList(doc, uri)) return fromProvisioners(doc, uri, source);
  if (isComponentMetadata(doc)) return fromComponentMetadata(doc, uri, source);
  if (isBuiltinProfiles(doc, uri)) return fromBuiltinProfiles(doc, uri, source);
  return undefined;
}
