/** ECR adapter: resolve an image tag to the digest it points at now. */
import { DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { DeployError } from '../core/errors.js';
import type { ImageRef } from '../core/image-ref.js';
import { awsCall, isAwsError } from './call.js';

/** The digest of an ECR image given by tag. A missing tag or repository is a DeployError. */
export async function resolveEcrDigest(ecr: ECRClient, image: ImageRef & { ecr: { registryId: string } }, tag: string): Promise<string> {
  let out;
  try {
    out = await awsCall(`Resolving ECR image "${image.raw}"`, 'ecr:DescribeImages', () =>
      ecr.send(
        new DescribeImagesCommand({
          registryId: image.ecr.registryId,
          repositoryName: image.repository,
          imageIds: [{ imageTag: tag }],
        }),
      ),
    );
  } catch (error) {
    if (isAwsError(error, 'not-found') && error.code === 'ImageNotFoundException') {
      throw new DeployError(
        `Image tag "${tag}" was not found in ECR repository "${image.repository}" (registry ${image.ecr.registryId}). Push the image before deploying, or check the "image" input.`,
      );
    }
    if (isAwsError(error, 'not-found')) {
      throw new DeployError(
        `ECR repository "${image.repository}" does not exist in registry ${image.ecr.registryId}. Check the "image" input.`,
      );
    }
    throw error;
  }
  const digest = out.imageDetails?.[0]?.imageDigest;
  if (!digest) throw new DeployError(`ECR returned no digest for "${image.raw}".`);
  return digest;
}

/**
 * The digests of several tags of one ECR repository in one DescribeImages. A tag that does not exist
 * fails the whole call (ECR answers ImageNotFoundException), so then each tag is asked alone, to say
 * which one is missing.
 */
export async function resolveEcrDigests(ecr: ECRClient, image: ImageRef & { ecr: { registryId: string } }, tags: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(tags)];
  if (unique.length === 1) return new Map([[unique[0] as string, await resolveEcrDigest(ecr, image, unique[0] as string)]]);
  let out;
  try {
    out = await awsCall(`Resolving ${unique.length} tags of ECR repository "${image.repository}"`, 'ecr:DescribeImages', () =>
      ecr.send(new DescribeImagesCommand({ registryId: image.ecr.registryId, repositoryName: image.repository, imageIds: unique.map((imageTag) => ({ imageTag })) })),
    );
  } catch (error) {
    if (!isAwsError(error, 'not-found')) throw error;
    const digests = new Map<string, string>();
    for (const tag of unique) digests.set(tag, await resolveEcrDigest(ecr, image, tag));
    return digests;
  }
  const digests = new Map<string, string>();
  for (const detail of out.imageDetails ?? []) {
    for (const tag of detail.imageTags ?? []) if (detail.imageDigest && unique.includes(tag)) digests.set(tag, detail.imageDigest);
  }
  for (const tag of unique) if (!digests.has(tag)) throw new DeployError(`ECR returned no digest for tag "${tag}" of "${image.repository}".`);
  return digests;
}
