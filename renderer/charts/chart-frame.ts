/** What every chart does before drawing: follow its container's width, and size a canvas for the screen. */
import { useEffect, useState } from 'react';
import type { RefObject } from 'react';

/** The element's content width in CSS pixels (at least `min`), updated as it resizes. */
export function useElementWidth(element: RefObject<HTMLElement | null>, initial = 480, min = 200): number {
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const current = element.current;
    if (!current) return;
    const observer = new ResizeObserver((entries) => setWidth(Math.max(min, Math.floor(entries[0].contentRect.width))));
    observer.observe(current);
    return () => observer.disconnect();
  }, [element, min]);
  return width;
}

/**
 * Sizes the canvas for width × height CSS pixels at the device pixel ratio (only when that
 * changed: resizing reallocates its bitmap) and clears it.
 */
export function prepareCanvas(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D, width: number, height: number): void {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
}
