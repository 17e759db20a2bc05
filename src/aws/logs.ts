/** Thin adapter over CloudWatch Logs: the newest events of one log stream. */
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { awsCall } from './call.js';

/** GetLogEvents, newest `limit` events of a stream, oldest first (one page: no more is needed). */
export async function getNewestLogEvents(logs: CloudWatchLogsClient, group: string, stream: string, limit: number): Promise<Array<{ message?: string }>> {
  const out = await awsCall(`Reading log stream "${stream}" of log group "${group}"`, 'logs:GetLogEvents', () =>
    logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit, startFromHead: false })),
  );
  return out.events ?? [];
}
