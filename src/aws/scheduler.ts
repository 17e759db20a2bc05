/** Thin adapters over EventBridge Scheduler: read a schedule, replace it. Errors worded by awsCall. */
import {
  GetScheduleCommand,
  UpdateScheduleCommand,
  type GetScheduleOutput,
  type SchedulerClient,
  type UpdateScheduleInput,
} from '@aws-sdk/client-scheduler';
import { awsCall } from './call.js';

const inGroup = (group: string | undefined) => `group "${group ?? 'default'}"`;

/** GetSchedule. `group` undefined: the default group. A missing schedule is a not-found AwsError. */
export async function getSchedule(client: SchedulerClient, group: string | undefined, name: string): Promise<GetScheduleOutput> {
  const out = await awsCall(`Reading schedule "${name}" in ${inGroup(group)}`, 'scheduler:GetSchedule', () =>
    client.send(new GetScheduleCommand({ Name: name, ...(group !== undefined ? { GroupName: group } : {}) })),
  );
  // The SDK's $metadata is not the schedule's.
  const { $metadata: _metadata, ...schedule } = out;
  return schedule;
}

/** UpdateSchedule: replaces the whole schedule with `input` (what it leaves out is reset). */
export async function updateSchedule(client: SchedulerClient, input: UpdateScheduleInput): Promise<string | undefined> {
  const out = await awsCall(`Updating schedule "${input.Name ?? ''}" in ${inGroup(input.GroupName)}`, 'scheduler:UpdateSchedule', () =>
    client.send(new UpdateScheduleCommand(input)),
  );
  return out.ScheduleArn;
}
