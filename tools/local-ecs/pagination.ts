// maxResults/nextToken paging over an already ordered list; tokens are opaque offsets.
import { invalidParameter } from './errors.js';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface PageLimits {
  defaultSize: number;
  maxSize: number;
}

export function paginate<T>(all: T[], maxResults: unknown, nextToken: unknown, limits: PageLimits): Page<T> {
  let size = limits.defaultSize;
  if (maxResults !== undefined && maxResults !== null) {
    if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > limits.maxSize) {
      throw invalidParameter(`maxResults must be between 1 and ${limits.maxSize}.`);
    }
    size = maxResults;
  }
  let start = 0;
  if (typeof nextToken === 'string' && nextToken !== '') {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!decoded?.[1]) throw invalidParameter('Invalid nextToken.');
    start = Number(decoded[1]);
  }
  const items = all.slice(start, start + size);
  const end = start + items.length;
  return end < all.length ? { items, nextToken: Buffer.from(`o:${end}`).toString('base64url') } : { items };
}
