/**
 * `vela def` CUE files (what `vela def apply` installs, and how addons and the chart's
 * `vela-templates/definitions` keep definitions): one top-level field per definition, named after it,
 * holding `type: "component" | "trait" | "policy" | "workflow-step" | "workload"`, `description`,
 * `labels` and `attributes` (`workload`, `appliesToWorkloads`, ...), beside a `template:` block whose
 * `parameter` field declares the parameters.
 */
import type { Decl, Expr } from '../../cue/ast';
import { parametersIn } from '../../cue/parameters';
import { parseCue } from '../../cue/parser';
import { LineIndex, Span } from '../../text';
import type { KubeVelaDefinitionKind } from '../kubevelaFacts';
import type { Contribution, SourceKind } from '../types';
import { obj, str, strings } from './helpers';
import { KubeVelaDefinition, kubevelaCapability, Parameters, parametersHint, workloadTypeOf } from './kubevelaCapability';

const KIND_OF_TYPE: Record<string, KubeVelaDefinitionKind> = {
  component: 'ComponentDefinition',
  trait: 'TraitDefinition',
  policy: 'PolicyDefinition',
  'workflow-step': 'WorkflowStepDefinition',
  workload: 'WorkloadDefinition',
};
/** A file that is a `vela def` definition even when it cannot be parsed. */
const LOOKS_LIKE_DEFINITION = /\btype:\s*"(?:component|trait|policy|workflow-step|workload)"[\s\S]*\btemplate\s*:/;

/** The definitions of a `vela def` CUE file; undefined for any other CUE file. */
export function contributionOfCueDefinitions(uri: string, text: string, source: SourceKind): Contribution | undefined {
  const lines = new LineIndex(text);
  const place = (span: Span) => ({ nameSpan: span, namePosition: lines.position(span.start) });
  const parsed = parseCue(text);
  if (!parsed.ok) {
    if (!LOOKS_LIKE_DEFINITION.test(text)) return undefined;
    const at = lines.position(parsed.offset);
    const span = { start: parsed.offset, end: Math.min(text.length, parsed.offset + 1) };
    const message = `This KubeVela definition cannot be read: ${parsed.message} (line ${at.line + 1}); Applications that use it are not checked against it`;
    return { capabilities: [], compositions: [], problems: [{ code: 'definition-invalid', severity: 'warning', message, uri, span }] };
  }
  const decls = parsed.file.decls;
  const template = decls.find((d): d is Decl & { kind: 'field' } => d.kind === 'field' && d.label.name === 'template' && d.value.kind === 'struct');
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  for (const decl of decls) {
    if (decl.kind !== 'field' || decl.label.isDynamic || decl.label.name === 'template' || decl.value.kind !== 'struct') continue;
    const header = obj(concrete(decl.value));
    const definitionKind = KIND_OF_TYPE[str(header?.['type']) ?? ''];
    if (!header || !definitionKind) continue;
    const attributes = obj(header['attributes']) ?? {};
    const labels = obj(header['labels']) ?? {};
    const definition: KubeVelaDefinition = {
      definitionKind,
      name: decl.label.name,
      description: str(header['description']),
      workload: definitionKind === 'WorkloadDefinition' ? decl.label.name : definitionKind === 'ComponentDefinition' ? workloadTypeOf(attributes['workload']) : undefined,
      appliesToWorkloads: definitionKind === 'TraitDefinition' ? strings(attributes['appliesToWorkloads']) : undefined,
      conflictsWith: definitionKind === 'TraitDefinition' ? strings(attributes['conflictsWith']) : undefined,
      isDeprecated: labels['custom.definition.oam.dev/deprecated'] === 'true' || labels['deprecated'] === 'true',
      parameters: parametersOf(template, decls),
      origin: { source, uri, ...place(decl.label.span) },
    };
    out.capabilities.push(kubevelaCapability(definition));
    const hint = parametersHint(definition, uri, template?.label.span ?? decl.label.span);
    if (hint) out.problems.push(hint);
  }
  return out.capabilities.length > 0 || out.problems.length > 0 ? out : undefined;
}

function parametersOf(template: (Decl & { kind: 'field' }) | undefined, fileDecls: Decl[]): Parameters {
  if (!template || template.value.kind !== 'struct') return { derived: 'none' };
  const derived = parametersIn({ decls: template.value.decls, parent: { decls: fileDecls } });
  if (!derived.ok) return { derived: 'none', problem: derived.problem };
  return { derived: 'cue', schema: derived.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
}

/** The concrete JSON value of an expression, leaving out whatever is not concrete (types, references). */
export function concrete(expr: Expr): unknown {
  switch (expr.kind) {
    case 'string':
    case 'number':
      return expr.value;
    case 'ident':
      return expr.name === 'true' ? true : expr.name === 'false' ? false : expr.name === 'null' ? null : undefined;
    case 'list':
      return expr.elems.map(concrete).filter((v) => v !== undefined);
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const decl of expr.decls) {
        if (decl.kind !== 'field' || decl.label.isDynamic || decl.label.isDefinition || decl.label.isHidden) continue;
        const value = concrete(decl.value);
        if (value !== undefined) out[decl.label.name] = value;
      }
      return out;
    }
    case 'binary':
      // `*"a" | string`: the default is the value.
      if (expr.op === '|') return expr.left.kind === 'unary' && expr.left.op === '*' ? concrete(expr.left.operand) : undefined;
      return undefined;
    default:
      return undefined;
  }
}
