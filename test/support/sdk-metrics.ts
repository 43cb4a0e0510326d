/**
 * The Temporal SDK worker metrics (and their labels) the dashboard and the alert rules read. The
 * unit test of deploy/ checks that every expression names only these or the service's own; the
 * embedded-default integration test checks that a real worker's /metrics has each of them.
 */
export const SDK_METRICS_USED: ReadonlyArray<{ name: string; label?: string }> = [
  { name: 'temporal_workflow_task_schedule_to_start_latency', label: 'task_queue' },
  { name: 'temporal_activity_schedule_to_start_latency', label: 'task_queue' },
  { name: 'temporal_worker_task_slots_available', label: 'worker_type' },
  { name: 'temporal_worker_task_slots_used', label: 'worker_type' },
  { name: 'temporal_num_pollers', label: 'poller_type' },
  { name: 'temporal_sticky_cache_size' },
];
