/** Parsing of container image references (`[registry/]repository[:tag][@sha256:digest]`). */
import { partitionOf } from './arn.js';
import { shown } from './errors.js';

export interface ImageRef {
  /** The reference exactly as given. */
  raw: string;
  /** Registry host (and port), or undefined for Docker Hub short names. */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** Set when the registry is a private Amazon ECR registry. */
  ecr?: { registryId: string; region: string };
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/**
 * Private ECR registry hosts, in every partition (AWS General Reference, "Amazon ECR endpoints and
 * quotas"; the suffixes are the partitions' DNS suffixes, see PARTITIONS in arn.ts; the same host forms
 * as the ECR host pattern of kubernetes/cloud-provider-aws's ecr-credential-provider):
 * - IPv4: `<account>.dkr.ecr[-fips].<region>.<dnsSuffix>`: `amazonaws.com` (aws, aws-us-gov),
 *   `amazonaws.com.cn` (aws-cn), `amazonaws.eu` (aws-eusc), `c2s.ic.gov` (aws-iso),
 *   `sc2s.sgov.gov` (aws-iso-b), `cloud.adc-e.uk` (aws-iso-e), `csp.hci.ic.gov` (aws-iso-f);
 * - dual-stack: `<account>.dkr-ecr[-fips].<region>.on.aws` (aws, aws-us-gov) and
 *   `<account>.dkr-ecr.<region>.on.amazonwebservices.com.cn` (aws-cn).
 * A host is ECR only when its suffix is the one of its region's partition (`dkr.ecr.cn-north-1.amazonaws.com`
 * is not a registry); anything else is used as given, never looked up in a guessed region.
 */
const ECR_HOST = /^(\d{12})\.(dkr\.ecr|dkr-ecr)(-fips)?\.([a-z0-9-]+)\.([a-z0-9.-]+)$/;
const DUAL_STACK_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  aws: ['on.aws'],
  'aws-us-gov': ['on.aws'],
  'aws-cn': ['on.amazonwebservices.com.cn'],
};

/** The registry id and region of a private ECR registry host, or undefined for any other host. */
export function ecrRegistry(host: string): { registryId: string; region: string } | undefined {
  const m = ECR_HOST.exec(host.toLowerCase());
  if (!m) return undefined;
  const [, registryId, kind, , region, suffix] = m as unknown as [string, string, string, string | undefined, string, string];
  const partition = partitionOf(region);
  if (!partition) return undefined;
  const known = kind === 'dkr.ecr' ? suffix === partition.dnsSuffix : (DUAL_STACK_SUFFIXES[partition.id] ?? []).includes(suffix);
  return known ? { registryId, region } : undefined;
}

/** The expected form, for error messages. */
export const IMAGE_FORM = '[registry/]repository[:tag][@sha256:<64 hex>]';

/** Parses an image reference; returns an error message instead of throwing. */
export function parseImageRef(raw: string): ImageRef | string {
  const ref = raw.trim();
  if (ref === '' || /\s/.test(ref)) return `${shown(raw)} is not an image reference`;
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return `${shown(raw)} has a malformed digest (expected sha256:<64 lowercase hex>)`;
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return `${shown(raw)} has an invalid tag ${shown(tag)}`;
  }
  if (rest === '' || !rest.split('/').every((c) => PATH_COMPONENT.test(c))) {
    return `${shown(raw)} has an invalid repository name ${shown(rest)} (lowercase letters, digits and . _ - / separators)`;
  }
  const image: ImageRef = { raw: ref, repository: rest };
  if (registry !== undefined) image.registry = registry;
  if (tag !== undefined) image.tag = tag;
  if (digest !== undefined) image.digest = digest;
  const ecr = registry === undefined ? undefined : ecrRegistry(registry);
  if (ecr) image.ecr = ecr;
  return image;
}

/** `registry/repository@digest`: the reference that pins exact bytes. */
export function withDigest(image: ImageRef, digest: string): string {
  return `${image.registry ? `${image.registry}/` : ''}${image.repository}@${digest}`;
}
