/** The AWS SDK clients the action uses, configured once (region, retries, user agent). */
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ACTION_NAME, ACTION_VERSION } from '../version.js';

const USER_AGENT: [string, string] = [ACTION_NAME, ACTION_VERSION];
const MAX_ATTEMPTS = 6;

/** Retries: AWS_MAX_ATTEMPTS from the environment when set (the SDK reads it), else 6 attempts. */
const retries = (env: NodeJS.ProcessEnv) => (env.AWS_MAX_ATTEMPTS?.trim() ? {} : { maxAttempts: MAX_ATTEMPTS });

export function ecsClient(region: string | undefined, env: NodeJS.ProcessEnv): ECSClient {
  return new ECSClient({ ...(region ? { region } : {}), ...retries(env), customUserAgent: [USER_AGENT] });
}

/** One ECR client per region, made when first asked for. */
export function ecrClients(env: NodeJS.ProcessEnv): (region: string) => ECRClient {
  const clients = new Map<string, ECRClient>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = new ECRClient({ region, ...retries(env), customUserAgent: [USER_AGENT] });
      clients.set(region, client);
    }
    return client;
  };
}
