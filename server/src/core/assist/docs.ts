/** Markdown documentation of capabilities and fields, shared by completion and hover. */
import type { Capability, JsonSchema } from '../catalog/types';
import { scalar } from './skeleton';
import { typeLabel } from './schemaAt';

const ROLE_LABEL: Record<Capability['role'], string> = {
  claim: 'Crossplane claim',
  composite: 'Crossplane composite resource (XR)',
  'custom-resource': 'custom resource',
  component: 'KubeVela component type',
  trait: 'KubeVela trait type',
  policy: 'KubeVela policy type',
  'workflow-step': 'KubeVela workflow step type',
  'score-resource': 'Score resource type',
  'dapr-component': 'Dapr component type',
  'dapr-auth-profile': 'Dapr authentication profile',
};

export function roleLabel(capability: Capability): string {
  return ROLE_LABEL[capability.role] ?? capability.role;
}

export function sourceLabel(capability: Capability): string {
  const origin = capability.origin;
  const file = decodeURIComponent(origin.uri.replace(/^.*\//, ''));
  const line = origin.namePosition ? `:${origin.namePosition.line + 1}` : '';
  const where = origin.source === 'cluster' ? `cluster object ${origin.uri}` : `${file}${line}`;
  return origin.source === 'sample' ? `${where} (the embedded sample platform)` : where;
}

export function capabilityMarkdown(capability: Capability): string {
  const versions = capability.versions.map((v) => `${v.name}${v.served ? '' : ' (not served)'}${v.deprecated ? ' (deprecated)' : ''}`).join(', ');
  const lines = [`**${capability.kind}** — ${roleLabel(capability)}${capability.group ? ` in \`${capability.group}\`` : ''}`];
  if (capability.description) lines.push('', capability.description);
  lines.push('', `Versions: ${versions || 'none'}`);
  if (capability.connectionSecretKeys?.length) lines.push(`Connection secret keys: ${capability.connectionSecretKeys.map((k) => `\`${k}\``).join(', ')}`);
  if (capability.crossplane?.claimKind && capability.role === 'composite') lines.push(`Claim kind: \`${capability.crossplane.claimKind}\``);
  lines.push(`Defined in ${sourceLabel(capability)}`);
  return lines.join('\n');
}

export function fieldMarkdown(name: string, schema: JsonSchema, required: boolean): string {
  const lines = [`**${name}**: \`${typeLabel(schema)}\`${required ? ' — required' : ''}`];
  if (typeof schema['description'] === 'string') lines.push('', schema['description']);
  const facts: string[] = [];
  if (schema['default'] !== undefined) facts.push(`Default: \`${scalar(schema['default'])}\``);
  if (Array.isArray(schema['enum'])) facts.push(`One of: ${schema['enum'].map((v) => `\`${scalar(v)}\``).join(', ')}`);
  if (typeof schema['minimum'] === 'number' || typeof schema['maximum'] === 'number') facts.push(`Range: ${schema['minimum'] ?? '…'} to ${schema['maximum'] ?? '…'}`);
  if (typeof schema['pattern'] === 'string') facts.push(`Pattern: \`${schema['pattern']}\``);
  if (facts.length) lines.push('', facts.join('  \n'));
  return lines.join('\n');
}
