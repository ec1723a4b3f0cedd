/**
 * Zoom and pan on a chart's time axis with d3-zoom and d3-brush: drag across the plot to zoom to
 * that span, Ctrl/⌘ + wheel to zoom around the pointer, Shift + drag to pan; the time domain is
 * React state, shared by every chart inside a <SharedTimeZoom> (the charts of one run).
 */
import { brushX, scaleLinear, select, zoom, zoomIdentity } from 'd3';
import type { D3BrushEvent, D3ZoomEvent, ZoomTransform } from 'd3';
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode, RefObject } from 'react';

export type TimeDomain = readonly [number, number];

export interface TimeZoom {
  /** The visible time span, or null for the whole run. */
  domain: TimeDomain | null;
  setDomain(domain: TimeDomain | null): void;
}

const ZoomContext = createContext<TimeZoom | null>(null);

/** Every chart inside zooms together; a new `resetKey` (another run) shows the whole run again. */
export function SharedTimeZoom({ resetKey, children }: { resetKey: unknown; children: ReactNode }) {
  const [state, setState] = useState<{ key: unknown; domain: TimeDomain | null }>({ key: resetKey, domain: null });
  const domain = state.key === resetKey ? state.domain : null;
  const value = useMemo<TimeZoom>(() => ({ domain, setDomain: (next) => setState({ key: resetKey, domain: next }) }), [domain, resetKey]);
  return <ZoomContext.Provider value={value}>{children}</ZoomContext.Provider>;
}

/** The shared zoom when there is one, else this chart's own. */
export function useTimeZoom(): TimeZoom {
  const shared = useContext(ZoomContext);
  const [domain, setDomain] = useState<TimeDomain | null>(null);
  const own = useMemo<TimeZoom>(() => ({ domain, setDomain }), [domain]);
  return shared ?? own;
}

export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Shortest span one can zoom to, as a fraction of the whole run. */
const MAX_ZOOM = 5000;

/** The domain a zoom transform shows of `full` over [left, right] (null when it is the whole). */
function domainOf(k: number, tx: number, full: TimeDomain, plot: PlotArea): TimeDomain | null {
  if (k <= 1.0001) return null;
  const base = scaleLinear().domain(full).range([plot.left, plot.right]);
  return [base.invert((plot.left - tx) / k), base.invert((plot.right - tx) / k)];
}

/** The zoom transform that shows `domain` of `full` (identity for the whole). */
function transformOf(domain: TimeDomain | null, full: TimeDomain, plot: PlotArea): ZoomTransform {
  if (!domain) return zoomIdentity;
  const base = scaleLinear().domain(full).range([plot.left, plot.right]);
  const k = Math.min(MAX_ZOOM, Math.max(1, (plot.right - plot.left) / Math.max(1e-9, base(domain[1]) - base(domain[0]))));
  return zoomIdentity.translate(plot.left - k * base(domain[0]), 0).scale(k);
}

/**
 * Wires d3-zoom (Ctrl+wheel, Shift+drag) onto `svg` and d3-brush (drag-select) onto `brushGroup`,
 * for a plot whose whole time span is `full.current` (read when a gesture starts, so a growing
 * run needs no re-render). Before each gesture d3-zoom's transform is set from the React domain.
 */
export function useZoomInteraction(svg: RefObject<SVGSVGElement | null>, brushGroup: RefObject<SVGGElement | null>, full: RefObject<TimeDomain | null>, plot: PlotArea, zoomState: TimeZoom): void {
  const latest = useRef({ plot, zoomState });
  latest.current = { plot, zoomState };
  const { left, right, top, bottom } = plot;
  useEffect(() => {
    const element = svg.current;
    const group = brushGroup.current;
    if (!element || !group || right <= left) return;
    const extent: [[number, number], [number, number]] = [[left, top], [right, bottom]];
    const behaviour = zoom<SVGSVGElement, unknown>()
      .filter((event: Event) => (event.type === 'wheel' ? (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey : event.type === 'mousedown' && (event as MouseEvent).shiftKey && (event as MouseEvent).button === 0))
      .scaleExtent([1, MAX_ZOOM]).extent(extent).translateExtent(extent)
      .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
        const whole = full.current;
        if (!event.sourceEvent || !whole) return;
        latest.current.zoomState.setDomain(domainOf(event.transform.k, event.transform.x, whole, latest.current.plot));
      });
    // Another chart, Reset or a grown run may have moved the domain since d3 last saw it.
    const sync = () => {
      const whole = full.current;
      if (whole) select(element).call(behaviour.transform, transformOf(latest.current.zoomState.domain, whole, latest.current.plot));
    };
    element.addEventListener('wheel', sync, { capture: true, passive: true });
    element.addEventListener('mousedown', sync, { capture: true });
    const selection = select(element).call(behaviour).on('dblclick.zoom', null);
    const brush = brushX<unknown>()
      .extent(extent)
      .filter((event: MouseEvent) => !event.shiftKey && !event.ctrlKey && event.button === 0)
      .on('end', (event: D3BrushEvent<unknown>) => {
        if (!event.sourceEvent || !event.selection) return;
        select(group).call(brush.move, null);
        const [a, b] = event.selection as [number, number];
        const whole = full.current;
        const { plot: area, zoomState: state } = latest.current;
        if (!whole || b - a < 4) return;
        const x = scaleLinear().domain(state.domain ?? whole).range([area.left, area.right]);
        state.setDomain([x.invert(a), x.invert(b)]);
      });
    select(group).call(brush);
    return () => {
      element.removeEventListener('wheel', sync, { capture: true });
      element.removeEventListener('mousedown', sync, { capture: true });
      selection.on('.zoom', null);
      select(group).on('.brush', null).selectAll('*').remove();
    };
  }, [svg, brushGroup, full, left, right, top, bottom]);
}
