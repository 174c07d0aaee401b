/**
 * Ask the supervisor (scripts/lib/supervisor.ts, the process holding the socket) to run the publish
 * pipeline. It runs there, not in this server process: the run ends by replacing this very process.
 * The supervisor runs one at a time and queues one more. False when not running under the supervisor.
 */
export function requestPublish(trigger: string, requestedBy: string | null): boolean {
  if (typeof process.send !== 'function' || !process.connected) return false;
  process.send({ type: 'publish', trigger, requestedBy });
  return true;
}
