// ECR DescribeImages.
import type { Handler, OpContext } from './context.js';
import { AwsError, invalidParameter, requireString } from './errors.js';
import { paginate } from './pagination.js';
import { secs } from './render.js';
import type { ImageRecord, JsonObject, RepositoryRecord } from './state.js';

const MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_MEDIA_TYPE = 'application/vnd.docker.container.image.v1+json';

const repositoryNotFound = (name: string, registryId: string): AwsError =>
  new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
  );

const imageNotFound = (repo: RepositoryRecord, digest: unknown, tag: unknown): AwsError =>
  new AwsError(
    'ImageNotFoundException',
    `The image with imageId {imageDigest:'${typeof digest === 'string' ? digest : 'null'}', ` +
      `imageTag:'${typeof tag === 'string' ? tag : 'null'}'} does not exist within the repository with name ` +
      `'${repo.name}' in the registry with id '${repo.registryId}'`,
  );

function requireRepository(ctx: OpContext, p: JsonObject): RepositoryRecord {
  const name = requireString(p.repositoryName, 'repositoryName');
  const registryId = typeof p.registryId === 'string' && p.registryId !== '' ? p.registryId : ctx.partition.accountId;
  const repo = ctx.state.repository(registryId, name);
  if (!repo) throw repositoryNotFound(name, registryId);
  return repo;
}

function renderImage(repo: RepositoryRecord, image: ImageRecord): JsonObject {
  return {
    registryId: repo.registryId,
    repositoryName: repo.name,
    imageDigest: image.digest,
    imageTags: image.tags.length > 0 ? [...image.tags] : undefined,
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: secs(image.pushedAt),
    imageManifestMediaType: MANIFEST_MEDIA_TYPE,
    artifactMediaType: CONFIG_MEDIA_TYPE,
  };
}

export const DescribeImages: Handler = (p, ctx) => {
  const repo = requireRepository(ctx, p);
  if (Array.isArray(p.imageIds) && p.imageIds.length > 0) {
    if (p.maxResults !== undefined || p.nextToken !== undefined) {
      throw invalidParameter('maxResults and nextToken cannot be used together with imageIds.');
    }
    const found: ImageRecord[] = [];
    for (const raw of p.imageIds) {
      const id = (typeof raw === 'object' && raw !== null ? raw : {}) as JsonObject;
      const { imageDigest: digest, imageTag: tag } = id;
      if (typeof digest !== 'string' && typeof tag !== 'string') {
        throw invalidParameter('Invalid parameter at \'imageIds\' failed to satisfy constraint: an imageId must specify imageDigest or imageTag.');
      }
      const image = repo.images.find(
        (i) => (typeof digest !== 'string' || i.digest === digest) && (typeof tag !== 'string' || i.tags.includes(tag)),
      );
      if (!image) throw imageNotFound(repo, digest, tag);
      if (!found.includes(image)) found.push(image);
    }
    return { imageDetails: found.map((i) => renderImage(repo, i)) };
  }
  const filter = typeof p.filter === 'object' && p.filter !== null ? (p.filter as JsonObject) : {};
  const tagStatus = filter.tagStatus ?? 'ANY';
  const images = repo.images
    .filter((i) => tagStatus === 'ANY' || (tagStatus === 'TAGGED') === i.tags.length > 0)
    .sort((a, b) => b.pushedAt - a.pushedAt);
  const page = paginate(images, p.maxResults, p.nextToken, { defaultSize: 100, maxSize: 1000 });
  return { imageDetails: page.items.map((i) => renderImage(repo, i)), nextToken: page.nextToken };
};
