/**
 * Resolve on a later turn of the event loop (after pending I/O callbacks): long dashboard work awaits
 * this between its parts so the tracking beats that arrived meanwhile are answered first.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
