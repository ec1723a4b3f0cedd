/** Number formatting for the UI: every value with its unit. */
export { formatBits, formatBytes, formatCount, formatDelta, formatDuration, formatMs, formatPercent, formatRate } from './units';
export { formatList } from './list';
