// requestIdleCallback where the browser has it. Safari has none: there a short timer stands in,
// and each slice is given a few milliseconds, so the work still goes in small steps.
type IdleWork = (deadline: { timeRemaining(): number }) => void;

const SLICE_MS = 8;
const IDLE_TIMEOUT_MS = 250;

export function whenIdle(work: IdleWork): number {
  // With a timeout: a page that is never idle (a loaded machine, a busy scan) still gets its slice.
  if (typeof requestIdleCallback === 'function') return requestIdleCallback(work, { timeout: IDLE_TIMEOUT_MS });
  return window.setTimeout(() => {
    const end = performance.now() + SLICE_MS;
    work({ timeRemaining: () => Math.max(0, end - performance.now()) });
  }, 1);
}

export function cancelIdle(id: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(id);
  else clearTimeout(id);
}
