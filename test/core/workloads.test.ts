import { describe, it } from 'node:test';
import { check } from '../support/fixture';

const CLAIM = `
apiVersion: platform.example.org/v1alpha1
kind: PostgreSQLInstance
metadata: { name: orders-db, namespace: shop }
spec:
  parameters: { databaseName: orders }
  writeConnectionSecretToRef: { name: orders-db-conn }
`;

const deployment = (containers: string, extra = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: orders, namespace: shop }
spec:
  template:
    spec:
      containers:
${containers}
${extra}`;

describe('workloads reading connection Secrets', () => {
  it('accepts keys the producing claim declares', () => {
    check(deployment(`
        - name: app
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: orders-db-conn, key: password } }
          envFrom:
            - secretRef: { name: orders-db-conn }`), { files: { 'claim.yaml': CLAIM } });
  });

  it('reports a key the XRD does not declare, with a did-you-mean', () => {
    check(deployment(`
        - name: app
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: orders-db-conn, key: pasword } }
      #                                                               ^^^^^^^ secret-key-unknown: did you mean "password"`), { files: { 'claim.yaml': CLAIM } });
  });

  it('reports a Secret no manifest provides, as a warning without a cluster', () => {
    const [finding] = check(deployment(`
        - name: app
          envFrom:
            - secretRef: { name: cache-conn }
      #                          ^^^^^^^^^^ secret-not-provided: no cluster connected`), { files: { 'claim.yaml': CLAIM } });
    if (finding!.severity !== 'warning') throw new Error('expected a warning');
  });

  it('skips optional references', () => {
    check(deployment(`
        - name: app
          envFrom:
            - secretRef: { name: cache-conn, optional: true }`));
  });

  it('checks secret volumes and their items, and projected secrets', () => {
    check(deployment(`
        - name: app
          image: x`, `      volumes:
        - name: db
          secret:
            secretName: orders-db-conn
            items:
              - { key: endpoint, path: host }
              - { key: host, path: host2 }
      #                ^^^^ secret-key-unknown
        - name: projected
          projected:
            sources:
              - secret: { name: missing-secret }
      #                         ^^^^^^^^^^^^^^ secret-not-provided`), { files: { 'claim.yaml': CLAIM } });
  });

  it('finds Secret manifests, ExternalSecrets and SealedSecrets as providers, with their keys', () => {
    const files = {
      'secret.yaml': `
        apiVersion: v1
        kind: Secret
        metadata: { name: api-token, namespace: shop }
        stringData: { token: redacted }
        ---
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata: { name: es, namespace: shop }
        spec:
          target: { name: from-vault }
          data: [{ secretKey: apiKey, remoteRef: { key: x } }]
      `,
    };
    check(deployment(`
        - name: app
          env:
            - { name: A, valueFrom: { secretKeyRef: { name: api-token, key: token } } }
            - { name: B, valueFrom: { secretKeyRef: { name: from-vault, key: apiKey } } }
            - { name: C, valueFrom: { secretKeyRef: { name: api-token, key: tokn } } }
      #                                                                     ^^^^ secret-key-unknown: did you mean "token"`), { files });
  });

  it('does not match a provider in another namespace', () => {
    check(deployment(`
        - name: app
          envFrom:
            - secretRef: { name: orders-db-conn }
      #                          ^^^^^^^^^^^^^^ secret-not-provided`).replace('namespace: shop', 'namespace: billing'), { files: { 'claim.yaml': CLAIM } });
  });

  it('covers CronJobs and Pods', () => {
    check(`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly }
      spec:
        schedule: "0 3 * * *"
        jobTemplate:
          spec:
            template:
              spec:
                containers:
                  - name: job
                    envFrom: [{ secretRef: { name: nightly-conn } }]
      #                                            ^^^^^^^^^^^^ secret-not-provided
      ---
      apiVersion: v1
      kind: Pod
      metadata: { name: debug }
      spec:
        containers:
          - name: sh
            envFrom: [{ secretRef: { name: debug-conn } }]
      #                                    ^^^^^^^^^^ secret-not-provided
    `);
  });
});

describe('KubeVela components reading connection Secrets', () => {
  it('checks env secretKeyRef and volumeMounts.secret in component properties like a pod spec', () => {
    check(`
apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: { name: shop, namespace: shop }
spec:
  components:
    - name: storefront
      type: webservice
      properties:
        image: storefront:1
        env:
          - name: DB_PASSWORD
            valueFrom: { secretKeyRef: { name: orders-db-conn, key: pasword } }
  #                                                                 ^^^^^^^ secret-key-unknown: did you mean "password"
          - name: CACHE
            valueFrom: { secretKeyRef: { name: cache-conn, key: host } }
  #                                            ^^^^^^^^^^ secret-not-provided: no cluster connected
        volumeMounts:
          secret:
            - { name: certs, mountPath: /certs, secretName: tls-certs }
  #                                                         ^^^^^^^^^ secret-not-provided: no cluster connected
`, { files: { 'claim.yaml': CLAIM }, options: { unknownFields: 'ignore' } });
  });
});
