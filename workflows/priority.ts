import type { Priority } from '@temporalio/common';

/**
 * Task-queue priorities (lower goes first; the server's default range is 1..5, unset is 3) and
 * fairness keys. Temporal gives a workflow's tasks the priority the workflow was started with, so
 * the levels are per kind of workflow:
 * - a group's workflow carries only IdP changes and its own propagation steps: first;
 * - a user's workflow carries IdP changes and the role re-resolutions that group changes wake it
 *   for: after groups, so a burst of re-resolutions never holds a membership PATCH;
 * - the propagation activity (signal-with-start to many user workflows) is background work.
 * Within a level, the directory id is the fairness key: one tenant's initial sync shares the queue
 * with another tenant's day-to-day changes instead of going ahead of them.
 */
export const GROUP_PRIORITY = 1;
export const USER_PRIORITY = 2;
export const BACKGROUND_PRIORITY = 4;

export function taskPriority(priorityKey: number, directoryId: string): Priority {
  return { priorityKey, fairnessKey: directoryId };
}

/** Whether a workflow or activity was started with a priority (the API sets one unless TEMPORAL_PRIORITY=off). */
export function hasPriority(priority: Priority | undefined): priority is Priority {
  return (priority?.priorityKey ?? 0) > 0 || (priority?.fairnessKey ?? '') !== '';
}
