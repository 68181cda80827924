// Focus the page moves after a wait (a new plan takes a moment to make) must not pull a person back
// from wherever they went meanwhile: a keyboard user who pressed "Keep this copy instead" and
// tabbed on is not sent back to the copy's group when the plan arrives.

/**
 * Focuses `target` only while focus is still on `pressed` (the control the person used), or was lost
 * with it: a control removed by the change leaves focus on the body.
 */
export function focusUnlessMoved(pressed: Element | null, target: HTMLElement | null | undefined): void {
  const now = document.activeElement;
  if (now === null || now === document.body || now === pressed) target?.focus();
}
