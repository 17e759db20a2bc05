/** Parsing of container image references (`[registry/]repository[:tag][@sha256:digest]`). */

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
 * Private ECR registry hosts: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]` (IPv4) and the
 * dual-stack `<account>.dkr-ecr[-fips].<region>.on.aws` / `<account>.dkr-ecr.<region>.on.amazonwebservices.com.cn`.
 */
const ECR_HOST =
  /^(\d{12})\.(?:dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|dkr-ecr(?:-fips)?\.([a-z0-9-]+)\.on\.aws|dkr-ecr\.([a-z0-9-]+)\.on\.amazonwebservices\.com\.cn)$/;

/** The expected form, for error messages. */
export const IMAGE_FORM = '[registry/]repository[:tag][@sha256:<64 hex>]';

/** Parses an image reference; returns an error message instead of throwing. */
export function parseImageRef(raw: string): ImageRef | string {
  const ref = raw.trim();
  if (ref === '' || /\s/.test(ref)) return `"${raw}" is not an image reference`;
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return `"${raw}" has a malformed digest (expected sha256:<64 lowercase hex>)`;
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
    if (!TAG.test(tag)) return `"${raw}" has an invalid tag "${tag}"`;
  }
  if (rest === '' || !rest.split('/').every((c) => PATH_COMPONENT.test(c))) {
    return `"${raw}" has an invalid repository name "${rest}" (lowercase letters, digits and . _ - / separators)`;
  }
  const image: ImageRef = { raw: ref, repository: rest };
  if (registry !== undefined) image.registry = registry;
  if (tag !== undefined) image.tag = tag;
  if (digest !== undefined) image.digest = digest;
  const ecr = registry === undefined ? null : ECR_HOST.exec(registry);
  if (ecr) image.ecr = { registryId: ecr[1] as string, region: (ecr[2] ?? ecr[3] ?? ecr[4]) as string };
  return image;
}

/** `registry/repository@digest`: the reference that pins exact bytes. */
export function withDigest(image: ImageRef, digest: string): string {
  return `${image.registry ? `${image.registry}/` : ''}${image.repository}@${digest}`;
}
