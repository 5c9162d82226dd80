// Objects the live-status suites and the fan-out bench apply: a Widget CRD with a status subresource (so a
// test can write conditions the way a controller does) and a sample-platform PostgreSQL claim.

/** A namespaced `Widget` CRD of `group`, with a status subresource and a permissive schema. */
export function widgetCrd(group: string, version = 'v1'): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  versions:
    - name: ${version}
      served: true
      storage: true
      subresources: { status: {} }
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-preserve-unknown-fields: true
              properties:
                size: { type: integer }
            status: { type: object, x-kubernetes-preserve-unknown-fields: true }
`;
}

/** A PostgreSQLInstance claim of the sample platform, writing `<name>-conn`. */
export function postgresClaim(name: string, namespace: string, storageGB = 20): string {
  return `apiVersion: platform.example.org/v1alpha1
kind: PostgreSQLInstance
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  parameters: { storageGB: ${storageGB}, databaseName: orders }
  writeConnectionSecretToRef: { name: ${name}-conn }
`;
}
