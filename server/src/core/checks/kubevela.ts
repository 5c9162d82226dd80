/**
 * KubeVela Applications (`core.oam.dev` `Application`): every type an Application names — components,
 * their traits, policies, workflow steps and sub-steps — must be a definition the platform offers, with
 * properties that fit its parameters (`kubevelaProperties.ts`); a trait must apply to its component's
 * workload; `dependsOn` must name components of the Application, and component names must be unique.
 */
import { isKubeVelaBuiltin, kubevelaBuiltinNames } from '../catalog/kubevelaBuiltins';
import type { Capability, Catalog, TypeRole } from '../catalog/types';
import type { ParsedDocument, ResourceHead } from '../parse/document';
import { locate, PathSegment } from '../parse/locate';
import type { Span } from '../text';
import type { CheckContext } from './context';
import type { Finding } from './finding';
import { checkProperties } from './kubevelaProperties';
import { RULES } from './rules';
import { closest } from './suggest';

type Obj = Record<string, unknown>;

const KUBEVELA_ROLES: readonly TypeRole[] = ['component', 'trait', 'policy', 'workflow-step'];

export function isApplication(head: ResourceHead): boolean {
  return head.group === 'core.oam.dev' && head.kind === 'Application';
}

export function checkApplication(doc: ParsedDocument, ctx: CheckContext): Finding[] {
  const spec = obj(obj(doc.value)?.['spec']);
  if (!spec) return [];
  const findings: Finding[] = [];
  const check = new EntryChecker(doc, ctx, findings);
  const components = list(spec['components']);
  const names = new Map<string, number>();
  components.forEach((raw, i) => {
    const component = obj(raw);
    if (!component) return;
    const path = ['spec', 'components', i];
    const name = str(component['name']);
    if (name !== undefined) {
      if (names.has(name)) {
        findings.push({ code: 'duplicate-name', severity: RULES['duplicate-name'].severity, message: `component name "${name}" is already used by spec.components[${names.get(name)}]; KubeVela requires unique component names`, span: valueSpan(doc, [...path, 'name']) });
      } else names.set(name, i);
    }
    const capability = check.entry('component', component, path);
    list(component['traits']).forEach((rawTrait, j) => {
      const trait = obj(rawTrait);
      if (!trait) return;
      const traitPath = [...path, 'traits', j];
      const traitCapability = check.entry('trait', trait, traitPath);
      if (traitCapability && capability) check.applicability(traitCapability, capability, name, [...traitPath, 'type']);
    });
  });
  components.forEach((raw, i) => {
    strings(obj(raw)?.['dependsOn']).forEach(({ value, index }) => {
      if (names.has(value)) return;
      const hint = closest(value, names.keys());
      findings.push({
        code: 'unknown-component-ref',
        severity: RULES['unknown-component-ref'].severity,
        message: `dependsOn names "${value}", which is not a component of this Application${hint ? `; did you mean ${hint}?` : ''}`,
        span: valueSpan(doc, ['spec', 'components', i, 'dependsOn', index]),
        data: hint ? { replacement: hint } : undefined,
      });
    });
  });
  list(spec['policies']).forEach((raw, i) => {
    const policy = obj(raw);
    if (policy) check.entry('policy', policy, ['spec', 'policies', i]);
  });
  list(obj(spec['workflow'])?.['steps']).forEach((raw, i) => {
    const step = obj(raw);
    if (!step) return;
    check.entry('workflow-step', step, ['spec', 'workflow', 'steps', i]);
    list(step['subSteps']).forEach((sub, j) => {
      if (obj(sub)) check.entry('workflow-step', obj(sub)!, ['spec', 'workflow', 'steps', i, 'subSteps', j]);
    });
  });
  // In document order, as a reader meets them (the checks above run by kind, not by position).
  return findings.sort((a, b) => a.span.start - b.span.start);
}

class EntryChecker {
  private readonly isOffered: boolean;

  constructor(private readonly doc: ParsedDocument, private readonly ctx: CheckContext, private readonly findings: Finding[]) {
    // Without any KubeVela definition the platform is not (known to be) a KubeVela one: types go unchecked,
    // as kinds of groups the platform offers nothing in do.
    this.isOffered = KUBEVELA_ROLES.some((role) => ctx.catalog.byRole(role).some((c) => c.kubevela !== undefined));
  }

  /** Resolves an entry's `type` and checks its properties; the capability, when the catalog has it. */
  entry(role: TypeRole, entry: Obj, path: PathSegment[]): Capability | undefined {
    const type = str(entry['type']);
    if (type === undefined) return undefined;
    const at = type.indexOf('@');
    const name = at === -1 ? type : type.slice(0, at);
    // Located only for a finding: a clean entry never reads the syntax tree (core/parse/syntaxTrees.ts).
    const typeSpan = () => valueSpan(this.doc, [...path, 'type']);
    const capability = this.ctx.catalog.lookupType(role, name);
    if (!capability?.kubevela) {
      if (this.isOffered && !isKubeVelaBuiltin(role, name)) this.findings.push(unknownType(role, name, typeSpan(), this.ctx.catalog));
      return undefined;
    }
    this.findings.push(...checkProperties(this.doc, entry, { entryPath: path, capability, revision: at === -1 ? undefined : type.slice(at + 1), typeSpan }, this.ctx));
    return capability;
  }

  /**
   * The OAM rule (KubeVela's appliesToWorkloads): an empty list or `*` applies to every workload; an
   * entry applies when it names the component's workload type (`deployments.apps`), the component's
   * definition (`webservice`), or the workload's group (`*.apps`).
   */
  applicability(trait: Capability, component: Capability, componentName: string | undefined, typePath: PathSegment[]): void {
    if (traitApplies(trait, component)) return;
    const allowed = trait.kubevela?.appliesToWorkloads ?? [];
    const workload = component.kubevela?.workload;
    this.findings.push({
      code: 'trait-not-applicable',
      severity: RULES['trait-not-applicable'].severity,
      message: `trait ${trait.kind} applies to ${allowed.join(', ')} only; ${componentName ? `component ${componentName}` : 'this component'} (type ${component.kind}) is a ${workload} workload`,
      span: valueSpan(this.doc, typePath),
      related: [{ uri: trait.origin.uri, span: trait.origin.nameSpan, position: trait.origin.namePosition, message: `the definition of trait ${trait.kind}` }],
    });
  }
}

/**
 * The OAM rule (KubeVela's appliesToWorkloads): an empty list or `*` applies to every workload; an
 * entry applies when it names the component's workload type (`deployments.apps`), the component's
 * definition (`webservice`), or the workload's group (`*.apps`). A workload decided at runtime
 * (`autodetects.core.oam.dev`) or not declared cannot be judged, so the trait applies.
 */
export function traitApplies(trait: Capability, component: Capability): boolean {
  const allowed = trait.kubevela?.appliesToWorkloads ?? [];
  const workload = component.kubevela?.workload;
  if (allowed.length === 0 || allowed.includes('*') || !workload || workload.startsWith('autodetects.')) return true;
  const group = workload.includes('.') ? workload.slice(workload.indexOf('.') + 1) : '';
  return allowed.some((entry) => entry === workload || entry === component.kind || (entry.startsWith('*.') && entry.slice(2) === group));
}

function unknownType(role: TypeRole, name: string, span: Span, catalog: Catalog): Finding {
  const offered = catalog.byRole(role).filter((c) => c.kubevela !== undefined).map((c) => c.kind);
  // Built-in names are suggested too (`env-binding` → the built-in `envbinding`).
  const suggestion = closest(name, offered) ?? closest(name, kubevelaBuiltinNames(role));
  const label = role.replace('-', ' ');
  return {
    code: 'unknown-capability',
    severity: RULES['unknown-capability'].severity,
    message: `${label} type "${name}" is not offered by the platform (catalog: ${offered.length} ${label} type${offered.length === 1 ? '' : 's'}, plus KubeVela's built-ins)${suggestion ? `; did you mean ${suggestion}?` : ''}`,
    span,
    data: suggestion ? { replacement: suggestion } : undefined,
  };
}

function valueSpan(doc: ParsedDocument, path: PathSegment[]): Span {
  const located = locate(doc.ast.contents, path);
  return (located.depth === path.length ? located.value : located.key) ?? located.key ?? { start: 0, end: 0 };
}

function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: unknown): { value: string; index: number }[] {
  return list(value).flatMap((v, index) => (typeof v === 'string' ? [{ value: v, index }] : []));
}
