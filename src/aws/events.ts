/** Thin adapters over EventBridge rules: list a rule's targets, put targets back. Errors worded by awsCall. */
import { ListTargetsByRuleCommand, PutTargetsCommand, type EventBridgeClient, type Target } from '@aws-sdk/client-eventbridge';
import { DeployError } from '../core/errors.js';
import { awsCall } from './call.js';

const onBus = (bus: string | undefined) => `event bus "${bus ?? 'default'}"`;

/** ListTargetsByRule, every page. `bus` undefined: the default event bus. A missing rule is a not-found AwsError. */
export async function listTargetsByRule(client: EventBridgeClient, bus: string | undefined, rule: string): Promise<Target[]> {
  const targets: Target[] = [];
  let token: string | undefined;
  do {
    const out = await awsCall(`Listing the targets of rule "${rule}" on ${onBus(bus)}`, 'events:ListTargetsByRule', () =>
      client.send(new ListTargetsByRuleCommand({ Rule: rule, ...(bus !== undefined ? { EventBusName: bus } : {}), ...(token ? { NextToken: token } : {}) })),
    );
    targets.push(...(out.Targets ?? []));
    token = out.NextToken;
  } while (token);
  return targets;
}

/**
 * PutTargets: adds or replaces (by Id) `targets` of the rule, leaving its other targets as they are. An
 * answer with FailedEntryCount > 0 is a DeployError naming the rule, each failed target and why.
 */
export async function putTargets(client: EventBridgeClient, bus: string | undefined, rule: string, targets: Target[]): Promise<void> {
  const out = await awsCall(`Updating the targets of rule "${rule}" on ${onBus(bus)}`, 'events:PutTargets', () =>
    client.send(new PutTargetsCommand({ Rule: rule, ...(bus !== undefined ? { EventBusName: bus } : {}), Targets: targets })),
  );
  if ((out.FailedEntryCount ?? 0) > 0) {
    const failed = (out.FailedEntries ?? []).map((f) => `target "${f.TargetId ?? '?'}" (${f.ErrorCode ?? 'no error code'}: ${f.ErrorMessage ?? 'no message'})`);
    throw new DeployError(
      `Updating the targets of rule "${rule}" on ${onBus(bus)} failed for ${out.FailedEntryCount} target(s): ${failed.length > 0 ? failed.join('; ') : 'EventBridge named none'}.`,
    );
  }
}
