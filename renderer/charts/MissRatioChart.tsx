/** The miss-ratio curve: hit ratio against maxmemory, with each compared run's maxmemory marked. */
import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import { useEffect, useId, useRef } from 'react';
import { useElementWidth } from './chart-frame';
import { formatBytes, formatPercent } from '../format';
import { keepTextInside } from './labels';
import { byteTicks } from './ticks';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';

export interface CurveMarker {
  label: string;
  maxmemoryBytes: number;
  hitRatio: number | null;
  color: number;
}

export function MissRatioChart({ points, markers, height = 240 }: { points: ReadonlyArray<{ maxmemoryBytes: number; hitRatio: number }>; markers: ReadonlyArray<CurveMarker>; height?: number }) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const width = useElementWidth(wrap, 560, 240);
  const theme = useStore(selectEffectiveTheme);
  const titleId = useId();
  useEffect(() => {
    const svg = select(svgRef.current);
    svg.selectAll('*').remove();
    if (points.length === 0) return;
    const margin = { top: 12, right: 16, bottom: 26, left: 52 };
    const maxBytes = Math.max(...points.map((p) => p.maxmemoryBytes), ...markers.map((m) => m.maxmemoryBytes));
    const x = scaleLinear().domain([0, maxBytes * 1.05]).range([margin.left, width - margin.right]);
    const y = scaleLinear().domain([0, 1]).range([height - margin.bottom, margin.top]);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${height - margin.bottom})`).call(axisBottom(x).tickValues(byteTicks(maxBytes * 1.05, 5).filter((v) => v <= maxBytes * 1.05)).tickFormat((v) => formatBytes(Number(v))));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(5).tickFormat((v) => formatPercent(Number(v), 0)).tickSize(-(width - margin.left - margin.right)));
    const path = line<{ maxmemoryBytes: number; hitRatio: number }>().x((p) => x(p.maxmemoryBytes)).y((p) => y(p.hitRatio));
    svg.append('path').attr('d', path([{ maxmemoryBytes: 0, hitRatio: 0 }, ...points]) ?? '').attr('fill', 'none').attr('stroke', 'var(--chart-1)').attr('stroke-width', 2);
    for (const marker of markers) {
      const g = svg.append('g').attr('class', 'marker');
      g.append('line').attr('x1', x(marker.maxmemoryBytes)).attr('x2', x(marker.maxmemoryBytes)).attr('y1', margin.top).attr('y2', height - margin.bottom)
        .attr('stroke', `var(--chart-${(marker.color % 6) + 1})`).attr('stroke-dasharray', '4 3');
      if (marker.hitRatio !== null) g.append('circle').attr('cx', x(marker.maxmemoryBytes)).attr('cy', y(marker.hitRatio)).attr('r', 4).attr('fill', `var(--chart-${(marker.color % 6) + 1})`);
      const nearRight = x(marker.maxmemoryBytes) > width - 160;
      g.append('text').attr('class', 'chart-label').attr('x', x(marker.maxmemoryBytes) + (nearRight ? -4 : 4)).attr('text-anchor', nearRight ? 'end' : 'start')
        .attr('y', margin.top + 24 + (marker.color % 4) * 13).text(marker.label);
    }
    if (svgRef.current) keepTextInside(svgRef.current, 0, width);
  }, [points, markers, width, height, theme]);
  const summary = markers.map((m) => `${m.label}: maxmemory ${formatBytes(m.maxmemoryBytes)}${m.hitRatio !== null ? `, hit ratio ${formatPercent(m.hitRatio)}` : ''}`).join('; ');
  return (
    <figure className="chart-card" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">Miss-ratio curve (hit ratio against maxmemory)</figcaption>
      <div ref={wrap} className="chart-body" style={{ height }}>
        <svg ref={svgRef} width={width} height={height} role="img" aria-label={`Miss-ratio curve: ${summary || 'no runs marked'}`} />
      </div>
    </figure>
  );
}
