// What the supervisor (primary) and its server workers tell each other over the cluster IPC channel.

export type WorkerMessage =
  /** Listening on the shared socket: the supervisor may retire the previous worker. */
  | { type: 'ready'; buildDir: string }
  /** A drained worker no longer accepts connections (it still answers those it has). */
  | { type: 'draining' }
  /** A webhook or the "publish now" button asked for a publish run (the supervisor queues it). */
  | { type: 'publish'; trigger: string; requestedBy: string | null };

export type PrimaryMessage = { type: 'drain' } | { type: 'shutdown'; reason: string };
