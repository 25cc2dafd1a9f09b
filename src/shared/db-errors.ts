// Kept apart from src/db so that shopctl can name these errors without loading the database layer.

/** Errors after which the server has rolled the whole transaction back (or never ran it): running it again is safe. */
export const RETRYABLE_ERRNOS: ReadonlySet<number> = new Set([
  // ER_LOCK_DEADLOCK: an InnoDB deadlock victim, or on Galera a certification failure at COMMIT (another node
  // committed a change to the same row first) or a transaction aborted by a replicated one.
  1213,
  1205, // ER_LOCK_WAIT_TIMEOUT
  1047, // ER_UNKNOWN_COM_ERROR: a Galera node not ready for queries (rejoining the cluster); nothing ran.
]);
