// Saves text the app made (a script, a plan, a report) through a download link: works in every
// browser and needs no file access.
export function saveTextFile(text: string, fileName: string, type = 'text/plain;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Not at once: a browser may read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
