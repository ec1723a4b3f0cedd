/**
 * Zoom and pan on a chart's time axis with d3-zoom and d3-brush: drag across the plot to zoom to
 * that span, Ctrl/⌘ + wheel to zoom around the pointer, Shift + drag to pan; the time domain is
 * React state, shared by every chart inside a <SharedTimeZoom> (the charts of one run).
 */
import { brushX, scaleLinear, select, zoom, zoomIdentity } from 'd3';
import type { D3BrushEvent, D3ZoomEvent } from 'd3';
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

/**
 * Wires d3-zoom (wheel, Shift+drag) onto `svg` and d3-brush (drag-select) onto `brushGroup`, for
 * a plot showing `full` through `zoomState`. The d3 state follows the React domain both ways.
 */
export function useZoomInteraction(svg: RefObject<SVGSVGElement | null>, brushGroup: RefObject<SVGGElement | null>, full: TimeDomain | null, plot: PlotArea, zoomState: TimeZoom): void {
  const latest = useRef({ full, plot, zoomState });
  latest.current = { full, plot, zoomState };
  const { left, right, top, bottom } = plot;
  const behaviour = useMemo(() => zoom<SVGSVGElement, unknown>()
    .filter((event: Event) => (event.type === 'wheel' ? (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey : event.type === 'mousedown' && (event as MouseEvent).shiftKey && (event as MouseEvent).button === 0))
    .scaleExtent([1, MAX_ZOOM])
    .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
      const { full: whole, plot: area, zoomState: state } = latest.current;
      if (!event.sourceEvent || !whole) return;
      state.setDomain(domainOf(event.transform.k, event.transform.x, whole, area));
    }), []);

  useEffect(() => {
    const element = svg.current;
    const group = brushGroup.current;
    if (!element || !group || right <= left) return;
    behaviour.extent([[left, top], [right, bottom]]).translateExtent([[left, top], [right, bottom]]);
    const selection = select(element).call(behaviour).on('dblclick.zoom', null);
    const brush = brushX<unknown>()
      .extent([[left, top], [right, bottom]])
      .filter((event: MouseEvent) => !event.shiftKey && !event.ctrlKey && event.button === 0)
      .on('end', (event: D3BrushEvent<unknown>) => {
        if (!event.sourceEvent || !event.selection) return;
        select(group).call(brush.move, null);
        const [a, b] = event.selection as [number, number];
        const { full: whole, plot: area, zoomState: state } = latest.current;
        if (!whole || b - a < 4) return;
        const shown = state.domain ?? whole;
        const x = scaleLinear().domain(shown).range([area.left, area.right]);
        state.setDomain([x.invert(a), x.invert(b)]);
      });
    select(group).call(brush);
    return () => {
      selection.on('.zoom', null);
      select(group).on('.brush', null).selectAll('*').remove();
    };
  }, [svg, brushGroup, behaviour, left, right, top, bottom]);

  // The React domain (from this chart, another chart or Reset) moves d3-zoom's transform.
  const domain = zoomState.domain;
  useEffect(() => {
    const element = svg.current;
    if (!element || !full || full[1] <= full[0]) return;
    let transform = zoomIdentity;
    if (domain) {
      const base = scaleLinear().domain(full).range([left, right]);
      const k = Math.min(MAX_ZOOM, Math.max(1, (right - left) / Math.max(1e-9, base(domain[1]) - base(domain[0]))));
      transform = zoomIdentity.translate(left - k * base(domain[0]), 0).scale(k);
    }
    select(element).call(behaviour.transform, transform);
  }, [svg, behaviour, domain, full, left, right]);
}
