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
