// The platform the benchmark generates claims for when `server/sample-platform/` does not exist yet: four
// Crossplane XRDs shaped like the embedded sample platform announced in PRODUCT §3.3 (PostgreSQL, Redis,
// bucket, queue). As soon as the real sample platform is there, `platform.ts` reads it instead and this file
// is unused.

export const FALLBACK_PLATFORM_FILES: { name: string; text: string }[] = [
  {
    name: 'postgresqlinstance.xrd.yaml',
    text: `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata:
  name: xpostgresqlinstances.platform.example.org
spec:
  group: platform.example.org
  names:
    kind: XPostgreSQLInstance
    plural: xpostgresqlinstances
  claimNames:
    kind: PostgreSQLInstance
    plural: postgresqlinstances
  connectionSecretKeys: [username, password, endpoint, port]
  versions:
    - name: v1alpha1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                parameters:
                  type: object
                  description: How the database is provisioned.
                  properties:
                    storageGB:
                      type: integer
                      description: Size of the data volume in GiB.
                      minimum: 10
                      maximum: 1000
                      default: 20
                    version:
                      type: string
                      description: Major PostgreSQL version.
                      enum: ["14", "15", "16"]
                      default: "16"
                    size:
                      type: string
                      description: Instance class.
                      enum: [small, medium, large]
                  required: [storageGB]
              required: [parameters]
`,
  },
  {
    name: 'rediscache.xrd.yaml',
    text: `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata:
  name: xrediscaches.platform.example.org
spec:
  group: platform.example.org
  names:
    kind: XRedisCache
    plural: xrediscaches
  claimNames:
    kind: RedisCache
    plural: rediscaches
  connectionSecretKeys: [endpoint, port, password]
  versions:
    - name: v1alpha1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                parameters:
                  type: object
                  properties:
                    memoryMB:
                      type: integer
                      minimum: 128
                      maximum: 65536
                      default: 512
                    version:
                      type: string
                      enum: ["6.2", "7.0", "7.2"]
                      default: "7.2"
                    tier:
                      type: string
                      enum: [basic, standard, premium]
                    evictionPolicy:
                      type: string
                      enum: [noeviction, allkeys-lru, volatile-lru]
                      default: allkeys-lru
                  required: [tier]
              required: [parameters]
`,
  },
  {
    name: 'bucket.xrd.yaml',
    text: `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata:
  name: xbuckets.platform.example.org
spec:
  group: platform.example.org
  names:
    kind: XBucket
    plural: xbuckets
  claimNames:
    kind: Bucket
    plural: buckets
  connectionSecretKeys: [bucketName, endpoint, accessKeyId, secretAccessKey]
  versions:
    - name: v1alpha1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                parameters:
                  type: object
                  properties:
                    region:
                      type: string
                      enum: [eu-west-1, eu-central-1, us-east-1, us-west-2]
                    versioning:
                      type: boolean
                      default: false
                    publicRead:
                      type: boolean
                      default: false
                    retentionDays:
                      type: integer
                      minimum: 0
                      maximum: 3650
                  required: [region]
              required: [parameters]
`,
  },
  {
    name: 'queue.xrd.yaml',
    text: `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata:
  name: xqueues.platform.example.org
spec:
  group: platform.example.org
  names:
    kind: XQueue
    plural: xqueues
  claimNames:
    kind: Queue
    plural: queues
  connectionSecretKeys: [queueUrl, queueArn]
  versions:
    - name: v1alpha1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                parameters:
                  type: object
                  properties:
                    fifo:
                      type: boolean
                      default: false
                    retentionSeconds:
                      type: integer
                      minimum: 60
                      maximum: 1209600
                      default: 345600
                    visibilityTimeoutSeconds:
                      type: integer
                      minimum: 0
                      maximum: 43200
                    deadLetter:
                      type: string
                      enum: [none, redrive]
                      default: none
              required: [parameters]
`,
  },
];
