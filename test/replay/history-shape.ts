/**
 * Structural checks on a captured history (the JSON of `temporal workflow show --output json`),
 * run before replay. The SDK's replayer does not notice a history cut short: replaying a history
 * without its last events succeeds (it simply stops early), and a history with events missing in
 * the middle makes the Rust core fail with "History is out of order" or panic. So a truncated
 * file would either pass silently or fail obscurely; these checks name what is wrong instead.
 */
export interface HistoryEvent {
  eventId: string;
  eventType: string;
  [attributes: string]: unknown;
}

const WORKFLOW_TASK_CLOSED = new Set([
  'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
  'EVENT_TYPE_WORKFLOW_TASK_FAILED',
  'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
]);
const ACTIVITY_CLOSED = new Set([
  'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
  'EVENT_TYPE_ACTIVITY_TASK_FAILED',
  'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT',
  'EVENT_TYPE_ACTIVITY_TASK_CANCELED',
]);
const EXECUTION_CLOSED = new Set([
  'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT',
  'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
]);

/**
 * What is wrong with a history, empty when nothing is. Histories are captured from idle workflows
 * (closed, or waiting for the next change), so a whole one has: event ids 1..n without gaps, the
 * start event first, every workflow task closed, every activity closed, every accepted update
 * completed, and a close event only at the end. `expectedCount`, from the test's list, catches
 * the one cut these rules cannot see: trailing events that stand alone (a local-activity marker).
 */
export function historyProblems(events: readonly HistoryEvent[], expectedCount: number): string[] {
  const problems: string[] = [];
  if (events.length !== expectedCount) problems.push(`has ${events.length} events, the list says ${expectedCount}`);
  if (events[0]?.eventType !== 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED') problems.push('does not begin with WORKFLOW_EXECUTION_STARTED');
  const openWorkflowTasks = new Set<string>();
  const openActivities = new Set<string>();
  const openUpdates = new Set<string>();
  events.forEach((event, index) => {
    if (event.eventId !== String(index + 1))
      problems.push(`event ${index + 1} has id ${event.eventId}: events are missing or out of order`);
    const attributes = attributesOf(event);
    const type = event.eventType;
    if (type === 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED') openWorkflowTasks.add(event.eventId);
    else if (WORKFLOW_TASK_CLOSED.has(type)) openWorkflowTasks.delete(String(attributes.scheduledEventId));
    else if (type === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED') openActivities.add(event.eventId);
    else if (ACTIVITY_CLOSED.has(type)) openActivities.delete(String(attributes.scheduledEventId));
    else if (type === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED') openUpdates.add(event.eventId);
    else if (type === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED') openUpdates.delete(String(attributes.acceptedEventId));
    else if (EXECUTION_CLOSED.has(type) && index !== events.length - 1)
      problems.push(`${type} at event ${event.eventId} is not the last event`);
  });
  if (openWorkflowTasks.size > 0) problems.push(`workflow task(s) scheduled at ${[...openWorkflowTasks].join(', ')} never completed`);
  if (openActivities.size > 0) problems.push(`activit(y/ies) scheduled at ${[...openActivities].join(', ')} never closed`);
  if (openUpdates.size > 0) problems.push(`update(s) accepted at ${[...openUpdates].join(', ')} never completed`);
  return problems;
}

/** The `…EventAttributes` object of an event (each event has exactly one). */
function attributesOf(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes') && typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  }
  return {};
}
