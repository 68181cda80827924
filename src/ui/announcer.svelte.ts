// The app's one polite live region (rendered by App.svelte, outside any aria-busy region, where
// screen readers do not hold announcements back): progress every few seconds, and each result.

let message = $state('');

export const announcer = {
  get message(): string {
    return message;
  },
};

/** Says `text` to screen-reader users, once. The same text twice in a row is said again. */
export function announce(text: string): void {
  // A live region only speaks when its text changes: a no-break space makes a repeat a change.
  message = text === message ? `${text}\u00a0` : text;
}
