/** What a chart shows instead of empty axes: why there is nothing yet, with a spinner while it loads. */
export function ChartEmpty({ text, loading = false }: { text: string; loading?: boolean }) {
  return <div className="chart-empty" role="status">{loading ? <span className="spinner" aria-hidden="true" /> : null}{text}</div>;
}
