/**
 * Builders over the described task definition fixtures: a render as a deploy makes it, and what ECS
 * would describe for the revision registered from a render.
 */
import { deepClone } from '../../src/core/clone.js';
import { renderTaskDefinition } from '../../src/core/render.js';
import type { ContainerDefinition, DescribedTaskDefinition, TaskDefinitionInput } from '../../src/core/types.js';
import { loadFixture } from '../fixtures/load.js';

export const IMAGE_A = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`;
export const IMAGE_B = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'b'.repeat(64)}`;

/** The named container; throws (failing the test) when there is none. */
export function containerOf(td: { containerDefinitions: ContainerDefinition[] }, name: string): ContainerDefinition {
  const container = td.containerDefinitions.find((c) => c.name === name);
  if (!container) throw new Error(`no container ${name}`);
  return container;
}

/** The first container not marked `essential: false` (or the first container). */
export function firstEssential(td: { containerDefinitions: ContainerDefinition[] }): string {
  return (td.containerDefinitions.find((c) => c.essential !== false) ?? td.containerDefinitions[0])?.name ?? '';
}

/** A render of the fixture into its deploy family (`-template` dropped) with `image` on its first essential container. */
export function renderFixtureForDeploy(name: string, image = IMAGE_A): TaskDefinitionInput {
  const { taskDefinition, tags } = loadFixture(name);
  return renderTaskDefinition(taskDefinition, tags, {
    family: taskDefinition.family.replace(/-template$/, ''),
    images: new Map([[firstEssential(taskDefinition), image]]),
    environment: [],
    secrets: [],
    tags: [{ key: 'ecs-template-deploy:commit', value: 'c'.repeat(40) }],
  });
}

/** What DescribeTaskDefinition would print for the revision registered from `rendered` (a render of fixture `name`). */
export function registeredFrom(name: string, rendered: TaskDefinitionInput, revision = 7): DescribedTaskDefinition {
  const template = loadFixture(name).taskDefinition;
  const { tags: _tags, ...body } = deepClone(rendered);
  const arn = String(template.taskDefinitionArn).replace(/task-definition\/.*$/, `task-definition/${rendered.family}:${revision}`);
  return {
    taskDefinitionArn: arn,
    ...body,
    revision,
    status: 'ACTIVE',
    requiresAttributes: template.requiresAttributes,
    compatibilities: template.compatibilities,
    registeredAt: '2025-06-01T12:00:00.000000+00:00',
    registeredBy: 'arn:aws:sts::123456789012:assumed-role/github-deploy/run-42',
  };
}

/** Every string anywhere in a value. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}
