// The two ways a run ends early, with plain messages the page shows as they are.

/** Raised when the run cannot go on for any file; the journal marks it paused. */
export class RunPausedError extends Error {
  override name = 'RunPausedError';
}

/** Raised when a run cannot even be recorded (the disk is full): it did not start, and nothing changed. */
export class RunNotStartedError extends Error {
  override name = 'RunNotStartedError';
  constructor(cause: unknown) {
    const name = (cause as { name?: string })?.name;
    super(name === 'QuotaExceededError'
      ? 'The disk is full, so the run could not be recorded, and nothing was changed. Free some space, then try again.'
      : `The run could not be recorded, so nothing was changed: ${(cause as Error)?.message || name || String(cause)}`);
  }
}
