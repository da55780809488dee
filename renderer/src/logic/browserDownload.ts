/** Saves bytes or text as a file through the browser's download (Blob URL + `<a download>`). */
export function downloadBlob(fileName: string, content: BlobPart, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started by now; keep the URL a little longer for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `liver.nii.gz` → `liver`, `mask.nii` → `mask`: the stem the sidecar files are named after. */
export function maskStem(fileName: string): string {
  return fileName.replace(/\.nii(\.gz)?$/i, '');
}
