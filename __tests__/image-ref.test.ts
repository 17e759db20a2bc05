import { describe, expect, test } from '@jest/globals';
import { shown } from '../src/core/errors.js';
import { ecrRegistry, IMAGE_FORM, parseImageRef, withDigest, type ImageRef } from '../src/core/image-ref.js';

const DIGEST = `sha256:${'4f1d2c3b5a6978e0'.repeat(4)}`;
const OTHER_DIGEST = `sha256:${'0a'.repeat(32)}`;

function parsed(raw: string): ImageRef {
  const result = parseImageRef(raw);
  if (typeof result === 'string') throw new Error(`expected ${raw} to parse: ${result}`);
  return result;
}

describe('parseImageRef: valid references', () => {
  test.each<[string, string, Omit<ImageRef, 'raw'>]>([
    [
      'ECR private, tag',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v1.2.3',
      { registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com', repository: 'orders', tag: 'v1.2.3', ecr: { registryId: '123456789012', region: 'us-east-1' } },
    ],
    [
      'ECR private, nested repository',
      '210987654321.dkr.ecr.ap-southeast-2.amazonaws.com/team-a/orders/api:2025.06.01-3',
      {
        registry: '210987654321.dkr.ecr.ap-southeast-2.amazonaws.com',
        repository: 'team-a/orders/api',
        tag: '2025.06.01-3',
        ecr: { registryId: '210987654321', region: 'ap-southeast-2' },
      },
    ],
    [
      'ECR private, FIPS endpoint',
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app:v1',
      { registry: '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', repository: 'app', tag: 'v1', ecr: { registryId: '123456789012', region: 'us-gov-west-1' } },
    ],
    [
      'ECR private, China partition',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:v1',
      { registry: '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', repository: 'app', tag: 'v1', ecr: { registryId: '123456789012', region: 'cn-north-1' } },
    ],
    [
      'ECR private, dual-stack endpoint',
      '123456789012.dkr-ecr.eu-west-1.on.aws/app:v1',
      { registry: '123456789012.dkr-ecr.eu-west-1.on.aws', repository: 'app', tag: 'v1', ecr: { registryId: '123456789012', region: 'eu-west-1' } },
    ],
    [
      'ECR private, dual-stack FIPS endpoint',
      '123456789012.dkr-ecr-fips.us-east-2.on.aws/app:v1',
      { registry: '123456789012.dkr-ecr-fips.us-east-2.on.aws', repository: 'app', tag: 'v1', ecr: { registryId: '123456789012', region: 'us-east-2' } },
    ],
    [
      'ECR private, China dual-stack endpoint',
      '123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn/app:v1',
      {
        registry: '123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn',
        repository: 'app',
        tag: 'v1',
        ecr: { registryId: '123456789012', region: 'cn-northwest-1' },
      },
    ],
    [
      'ECR private, tag and digest',
      `123456789012.dkr.ecr.us-west-2.amazonaws.com/checkout:v7@${DIGEST}`,
      {
        registry: '123456789012.dkr.ecr.us-west-2.amazonaws.com',
        repository: 'checkout',
        tag: 'v7',
        digest: DIGEST,
        ecr: { registryId: '123456789012', region: 'us-west-2' },
      },
    ],
    [
      'ECR private, digest only',
      `123456789012.dkr.ecr.us-west-2.amazonaws.com/checkout@${DIGEST}`,
      { registry: '123456789012.dkr.ecr.us-west-2.amazonaws.com', repository: 'checkout', digest: DIGEST, ecr: { registryId: '123456789012', region: 'us-west-2' } },
    ],
    ['ECR Public is not a private ECR registry', 'public.ecr.aws/nginx/nginx:stable', { registry: 'public.ecr.aws', repository: 'nginx/nginx', tag: 'stable' }],
    ['Docker Hub short name with tag', 'nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['Docker Hub short name, no tag', 'nginx', { repository: 'nginx' }],
    ['Docker Hub library path', 'library/nginx', { repository: 'library/nginx' }],
    ['Docker Hub organisation path with tag', 'grafana/grafana-oss:11.1.0-ubuntu', { repository: 'grafana/grafana-oss', tag: '11.1.0-ubuntu' }],
    ['docker.io explicit', 'docker.io/library/nginx:1.27-alpine', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27-alpine' }],
    ['registry with port', 'localhost:5000/app:tag', { registry: 'localhost:5000', repository: 'app', tag: 'tag' }],
    ['registry with port, no tag', 'registry.internal:5443/team/app', { registry: 'registry.internal:5443', repository: 'team/app' }],
    ['localhost without port', 'localhost/app', { registry: 'localhost', repository: 'app' }],
    ['GitHub Container Registry', 'ghcr.io/acme/storefront:sha-3f78685', { registry: 'ghcr.io', repository: 'acme/storefront', tag: 'sha-3f78685' }],
    [
      'Windows image on MCR',
      'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
      { registry: 'mcr.microsoft.com', repository: 'dotnet/framework/aspnet', tag: '4.8-windowsservercore-ltsc2022' },
    ],
    ['separators . _ __ and runs of -', 'acme/my_app__v2.web---api:Build_7.x', { repository: 'acme/my_app__v2.web---api', tag: 'Build_7.x' }],
    ['tag of 128 characters', `app:${'t'.repeat(128)}`, { repository: 'app', tag: 't'.repeat(128) }],
    ['look-alike host is not ECR', '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example/app:v1', { registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example', repository: 'app', tag: 'v1' }],
    ['11-digit account is not ECR', '12345678901.dkr.ecr.us-east-1.amazonaws.com/app:v1', { registry: '12345678901.dkr.ecr.us-east-1.amazonaws.com', repository: 'app', tag: 'v1' }],
    ['host:port alone is a repository and a tag', 'registry.example.com:5000', { repository: 'registry.example.com', tag: '5000' }],
  ])('%s: %s', (_title, raw, expected) => {
    expect(parseImageRef(raw)).toStrictEqual({ raw, ...expected });
  });

  test('surrounding whitespace (as in a YAML block) is trimmed', () => {
    expect(parseImageRef('  nginx:1.27\n')).toStrictEqual(parseImageRef('nginx:1.27'));
  });
});

describe('parseImageRef: invalid references give an error string naming the input', () => {
  test.each<[string, string, RegExp]>([
    ['empty', '', /is not an image reference/],
    ['blank', '   ', /is not an image reference/],
    ['whitespace inside', 'nginx :1.27', /is not an image reference/],
    ['two references on one line', 'nginx:1 redis:7', /is not an image reference/],
    ['uppercase repository', 'Nginx:1.27', /invalid repository name "Nginx"/],
    ['uppercase in a path', '123456789012.dkr.ecr.us-east-1.amazonaws.com/Team/app:v1', /invalid repository name "Team\/app"/],
    ['empty tag', 'nginx:', /invalid tag ""/],
    ['tag starting with a dash', 'nginx:-rc1', /invalid tag "-rc1"/],
    ['tag with a plus', 'app:1.0.0+build.7', /invalid tag "1.0.0\+build.7"/],
    ['tag of 129 characters', `app:${'t'.repeat(129)}`, /invalid tag/],
    ['two tags', 'app:v1:v2', /invalid repository name "app:v1"/],
    ['short digest', 'app@sha256:abc123', /malformed digest/],
    ['uppercase digest', `app@sha256:${'A'.repeat(64)}`, /malformed digest/],
    ['other algorithm', `app@sha512:${'a'.repeat(128)}`, /malformed digest/],
    ['digest without repository', `@${DIGEST}`, /invalid repository name ""/],
    ['empty path component', 'acme//app:v1', /invalid repository name/],
    ['trailing slash', 'acme/app/', /invalid repository name/],
    ['leading slash', '/app', /invalid repository name/],
    ['double dot', 'acme/a..b', /invalid repository name/],
    ['leading separator', 'acme/-app', /invalid repository name/],
    ['registry without repository', 'ghcr.io/:v1', /invalid repository name ""/],
  ])('%s: %j', (_title, raw, message) => {
    const result = parseImageRef(raw);
    expect(typeof result).toBe('string');
    expect(result).toMatch(message);
    expect(result).toContain(shown(raw));
  });

  test('a long reference is shown cut to 80 characters with an ellipsis', () => {
    const raw = `app:${'t'.repeat(300)}`;
    const result = parseImageRef(raw) as string;
    expect(result).toContain(`"app:${'t'.repeat(75)}…"`);
    expect(result.length).toBeLessThan(200);
  });

  test('IMAGE_FORM states the expected form', () => {
    expect(IMAGE_FORM).toContain('repository');
    expect(IMAGE_FORM).toContain('sha256');
  });
});

describe('withDigest', () => {
  test.each<[string, string]>([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v1.2.3', `123456789012.dkr.ecr.us-east-1.amazonaws.com/orders@${DIGEST}`],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/team/orders', `123456789012.dkr.ecr.us-east-1.amazonaws.com/team/orders@${DIGEST}`],
    [`123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v1@${OTHER_DIGEST}`, `123456789012.dkr.ecr.us-east-1.amazonaws.com/orders@${DIGEST}`],
    ['localhost:5000/app:tag', `localhost:5000/app@${DIGEST}`],
    ['nginx:1.27', `nginx@${DIGEST}`],
    ['library/nginx', `library/nginx@${DIGEST}`],
  ])('%s', (raw, expected) => {
    expect(withDigest(parsed(raw), DIGEST)).toBe(expected);
  });

  test('the pinned reference parses back to the same repository and digest, without the tag', () => {
    const image = parsed('123456789012.dkr-ecr.eu-west-1.on.aws/app:v1');
    const pinned = parsed(withDigest(image, DIGEST));
    expect(pinned).toStrictEqual({ raw: pinned.raw, registry: image.registry, repository: 'app', digest: DIGEST, ecr: image.ecr });
  });
});

describe('ECR registry hosts of every partition', () => {
  const ACCOUNT = '123456789012';
  test.each<[string, string, string]>([
    ['aws', 'dkr.ecr.eu-west-1.amazonaws.com', 'eu-west-1'],
    ['aws, FIPS', 'dkr.ecr-fips.us-east-1.amazonaws.com', 'us-east-1'],
    ['aws, dual-stack', 'dkr-ecr.eu-west-1.on.aws', 'eu-west-1'],
    ['aws, dual-stack FIPS', 'dkr-ecr-fips.us-west-2.on.aws', 'us-west-2'],
    ['aws-cn', 'dkr.ecr.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['aws-cn, dual-stack', 'dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn', 'cn-northwest-1'],
    ['aws-us-gov', 'dkr.ecr.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['aws-us-gov, FIPS', 'dkr.ecr-fips.us-gov-east-1.amazonaws.com', 'us-gov-east-1'],
    ['aws-us-gov, dual-stack', 'dkr-ecr.us-gov-west-1.on.aws', 'us-gov-west-1'],
    ['aws-iso', 'dkr.ecr.us-iso-east-1.c2s.ic.gov', 'us-iso-east-1'],
    ['aws-iso-b', 'dkr.ecr.us-isob-east-1.sc2s.sgov.gov', 'us-isob-east-1'],
    ['aws-iso-e', 'dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk', 'eu-isoe-west-1'],
    ['aws-iso-f', 'dkr.ecr.us-isof-south-1.csp.hci.ic.gov', 'us-isof-south-1'],
    ['aws-eusc (European Sovereign Cloud)', 'dkr.ecr.eusc-de-east-1.amazonaws.eu', 'eusc-de-east-1'],
    ['upper case host', 'DKR.ECR.EU-WEST-1.AMAZONAWS.COM', 'eu-west-1'],
  ])('%s: %s', (_partition, host, region) => {
    expect(ecrRegistry(`${ACCOUNT}.${host}`)).toEqual({ registryId: ACCOUNT, region });
    expect(parsed(`${ACCOUNT}.${host}/team/app:v1`).ecr).toEqual({ registryId: ACCOUNT, region });
  });

  test.each<[string, string]>([
    ['a China region under the commercial suffix', 'dkr.ecr.cn-north-1.amazonaws.com'],
    ['a commercial region under the China suffix', 'dkr.ecr.eu-west-1.amazonaws.com.cn'],
    ['a eusc region under the commercial suffix', 'dkr.ecr.eusc-de-east-1.amazonaws.com'],
    ['an ISO region under the commercial suffix', 'dkr.ecr.us-iso-east-1.amazonaws.com'],
    ['a commercial region under an ISO suffix', 'dkr.ecr.us-east-1.c2s.ic.gov'],
    ['a region of no partition', 'dkr.ecr.xx-nowhere-1.amazonaws.com'],
    ['dual-stack China host for a commercial region', 'dkr-ecr.eu-west-1.on.amazonwebservices.com.cn'],
    ['dual-stack commercial host for a China region', 'dkr-ecr.cn-north-1.on.aws'],
    ['no documented dual-stack host in eusc', 'dkr-ecr.eusc-de-east-1.on.aws'],
    ['a look-alike suffix', 'dkr.ecr.eu-west-1.amazonaws.com.evil.example'],
    ['no account', 'dkr.ecr.eu-west-1.amazonaws.com'],
  ])('%s is not an ECR registry (the image is used as given)', (_name, host) => {
    const full = host.startsWith('dkr') && _name !== 'no account' ? `${ACCOUNT}.${host}` : host;
    expect(ecrRegistry(full)).toBeUndefined();
    expect(parsed(`${full}/app:v1`).ecr).toBeUndefined();
  });
});
