/** Offer `json` as a file download, from a link clicked inside the UI's shadow root. */
export function downloadFile(root: ShadowRoot, fileName: string, json: string): void {
  const doc = root.ownerDocument;
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  root.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  doc.defaultView?.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
