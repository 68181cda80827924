// Errors in the words the page shows them.

export function isAbort(e: unknown): boolean {
  return (e as { name?: string })?.name === 'AbortError';
}

export function describe(e: unknown, prefix: string): string {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return `${prefix}: permission was refused. Choose the folder again and allow editing.`;
  if (name === 'NotFoundError') return `${prefix}: the folder is no longer there.`;
  return `${prefix}: ${(e as Error)?.message ?? String(e)}`;
}
