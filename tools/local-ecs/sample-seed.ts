// The sample world: cluster `demo`, a Terraform-owned Fargate template `api-template`, the `api`
// service created from `api-template:1` (in two private subnets, propagating its tags to its tasks),
// and ECR repository `my-app` with two tagged images.
import type { Seed } from './types.js';

export const SAMPLE_ACCOUNT = '123456789012';
export const SAMPLE_REGION = 'us-east-1';
export const SAMPLE_DIGESTS = {
  'v1.0.0': 'sha256:2de558ee630688d4305fcac8013bdd6521ec9dd913ddd93d86bdd4208ffefba1',
  'v1.1.0': 'sha256:5d35d1fca6a9208f27317bb7c58552308d0b7de064cc4acb6e237cf825424787',
} as const;

export const sampleSeed: Seed = {
  clusters: ['demo'],
  taskDefinitions: [
    {
      taskDefinition: {
        family: 'api-template',
        taskRoleArn: `arn:aws:iam::${SAMPLE_ACCOUNT}:role/api-task`,
        executionRoleArn: `arn:aws:iam::${SAMPLE_ACCOUNT}:role/api-task-execution`,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
        ephemeralStorage: { sizeInGiB: 21 },
        containerDefinitions: [
          {
            name: 'api',
            image: 'public.ecr.aws/nginx/nginx:stable',
            essential: true,
            portMappings: [{ containerPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
            environment: [
              { name: 'APP_ENV', value: 'production' },
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'FEATURE_FLAGS', value: '' },
            ],
            secrets: [
              {
                name: 'DATABASE_URL',
                valueFrom: `arn:aws:ssm:${SAMPLE_REGION}:${SAMPLE_ACCOUNT}:parameter/api/database-url`,
              },
            ],
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': '/ecs/api',
                'awslogs-region': SAMPLE_REGION,
                'awslogs-stream-prefix': 'api',
              },
            },
            healthCheck: {
              command: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost:8080/health || exit 1'],
              interval: 30,
              timeout: 5,
              retries: 3,
              startPeriod: 10,
            },
            ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }],
          },
        ],
      },
      tags: [
        { key: 'ManagedBy', value: 'terraform' },
        { key: 'Service', value: 'api' },
      ],
    },
  ],
  services: [
    {
      cluster: 'demo',
      serviceName: 'api',
      taskDefinition: 'api-template:1',
      desiredCount: 2,
      launchType: 'FARGATE',
      deploymentController: 'ECS',
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
      },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
          securityGroups: ['sg-0a1b2c3d4e5f60003'],
          assignPublicIp: 'DISABLED',
        },
      },
      propagateTags: 'SERVICE',
      tags: [
        { key: 'Service', value: 'api' },
        { key: 'Team', value: 'platform' },
      ],
      scenario: { kind: 'complete' },
    },
  ],
  ecr: [
    {
      repositoryName: 'my-app',
      registryId: SAMPLE_ACCOUNT,
      images: [
        { tag: 'v1.0.0', digest: SAMPLE_DIGESTS['v1.0.0'] },
        { tag: 'v1.1.0', digest: SAMPLE_DIGESTS['v1.1.0'] },
      ],
    },
  ],
};
