/** Chart colours from the theme's CSS variables (read when drawing, so a theme switch redraws right). */
export interface ChartPalette {
  series: string[];
  grid: string;
  text: string;
  muted: string;
  background: string;
  warn: string;
}

export function readPalette(element: Element | null): ChartPalette {
  const style = getComputedStyle(element ?? document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    series: [1, 2, 3, 4, 5, 6].map((i) => v(`--chart-${i}`, ['#2f6fd6', '#d9480f', '#2b8a3e', '#ae3ec9', '#e67700', '#0b7285'][i - 1])),
    grid: v('--chart-grid', '#ddd'),
    text: v('--text', '#222'),
    muted: v('--text-muted', '#666'),
    background: v('--surface', '#fff'),
    warn: v('--danger', '#c92a2a'),
  };
}
