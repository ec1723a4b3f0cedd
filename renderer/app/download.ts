/**
 * Saves text as a file the way the page's browser does: a real download in browser mode (the
 * browser's own download bar and folder), the native Save dialog in the desktop app.
 */

/** Hands `content` (text, or bytes such as a zip) to the browser as a download named `fileName`. */
export type SaveFile = (fileName: string, mime: string, content: string | Uint8Array<ArrayBuffer>) => void;

export const downloadFile: SaveFile = (fileName, mime, content) => {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once click() returns; the next task may release the blob.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
};
