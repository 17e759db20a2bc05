// Digest of a container image reference: pinned digests as written, ECR tags resolved from the
// seeded repositories, anything else a stable sha256 of the reference.
import { createHash } from 'node:crypto';
import type { EcsState } from './state.js';

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?$/;

export function imageDigest(state: EcsState, image: string): string {
  const at = image.indexOf('@sha256:');
  if (at >= 0) return image.slice(at + 1);
  const m = ECR_IMAGE.exec(image);
  if (m?.[1] && m[2]) {
    const tag = m[3] ?? 'latest';
    const found = state.repository(m[1], m[2])?.images.find((i) => i.tags.includes(tag));
    if (found) return found.digest;
  }
  return `sha256:${createHash('sha256').update(image).digest('hex')}`;
}
