/** A recorded capture's profile: what it holds, its commands and namespaces, sizes, and its rate over time. */
import { useMemo } from 'react';
import type { RecordingProfile } from '../../../electron/common';
import { TimeChart } from '../../charts/TimeChart';
import type { ChartSeries } from '../../charts/TimeChart';
import { formatBytes, formatCount, formatRate } from '../../format/units';
import { Metric } from '../common/Metric';

function sizeText(sizes: RecordingProfile['keyBytes'], what: string): string {
  return sizes ? `${formatBytes(sizes.p50)} median, ${formatBytes(sizes.p99)} p99, ${formatBytes(sizes.max)} max (${formatCount(sizes.seen)} ${what})` : 'not recorded';
}

export function RecordingProfileView({ profile, designOpen }: { profile: RecordingProfile; designOpen: boolean }) {
  // One bucket is no line: a capture under two seconds shows its rate in the Duration metric only.
  const rate = useMemo<ChartSeries[]>(() => [{
    label: 'requests/s', count: profile.rate.perSec.length >= 2 ? profile.rate.perSec.length : 0, source: profile.rate,
    x: (i) => i * profile.rate.bucketSec * 1000, y: (i) => profile.rate.perSec[i],
  }], [profile.rate]);
  const peak = Math.max(0, ...profile.rate.perSec);
  const match = profile.designMatch;
  return (
    <section className="recording-profile" aria-labelledby="recording-profile-heading">
      <h2 id="recording-profile-heading">Profile</h2>
      <div className="metrics-strip">
        <Metric label="Format" value={profile.format} detail={`${formatCount(profile.lines)} lines, ${formatBytes(profile.bytes)}`} />
        <Metric label="Records" value={formatCount(profile.records)} detail={`${formatCount(profile.ignored)} ignored, ${formatCount(profile.malformed)} malformed`} />
        <Metric label="Keys" value={formatCount(profile.keys)} detail={`${profile.namespaces.length} namespace${profile.namespaces.length === 1 ? '' : 's'} found`} />
        <Metric label="Duration" value={`${profile.durationSec.toFixed(1)} s`} detail={`peak ${formatRate(peak)}`} />
        <Metric
          label="Open design matches"
          value={match ? `${formatCount(match.matched)} of ${formatCount(match.matched + match.unmatched)} keys` : '—'}
          detail={match ? (match.unmatched > 0 ? `${formatCount(match.unmatched)} keys match no namespace pattern` : 'every key has a namespace') : designOpen ? 'the open design does not load' : 'no design open'}
          tone={match ? (match.unmatched > 0 ? 'bad' : 'good') : 'neutral'}
        />
      </div>
      {profile.truncated ? <p className="warn-text" role="note">Reading stopped at the app's time bound: this profile covers the first part of the file only (the keyspace CLI reads it all).</p> : null}
      {profile.warning ? <pre className="warn-text recording-warning" role="note">{profile.warning}</pre> : null}
      <div className="recording-tables">
        <table className="data-table compact" aria-label="Namespaces found">
          <caption>Namespaces found (key patterns)</caption>
          <thead><tr><th scope="col">Pattern</th><th scope="col">Keys</th><th scope="col">Requests</th></tr></thead>
          <tbody>
            {profile.namespaces.map((ns) => (
              <tr key={ns.pattern}><th scope="row"><code>{ns.pattern}</code></th><td className="num">{formatCount(ns.keys)}</td><td className="num">{formatCount(ns.requests)}</td></tr>
            ))}
          </tbody>
        </table>
        <table className="data-table compact" aria-label="Commands">
          <caption>Commands</caption>
          <thead><tr><th scope="col">Command</th><th scope="col">Records</th></tr></thead>
          <tbody>
            {profile.commands.map((c) => <tr key={c.name}><th scope="row">{c.name}</th><td className="num">{formatCount(c.count)}</td></tr>)}
          </tbody>
          <tfoot>
            <tr><th scope="row">By kind</th><td>{profile.ops.map((o) => `${o.op} ${formatCount(o.count)}`).join(', ')}</td></tr>
          </tfoot>
        </table>
      </div>
      <dl className="recording-sizes">
        <dt>Key sizes</dt><dd>{sizeText(profile.keyBytes, 'keys')}</dd>
        <dt>Value sizes</dt><dd>{sizeText(profile.valueBytes, 'keys written')}</dd>
      </dl>
      <TimeChart title="Requests over time" series={rate} unit="rate" height={150} summary={`peak ${formatRate(peak)} over ${profile.durationSec.toFixed(1)} s`} emptyText="Under two seconds of requests: no rate over time to draw" />
    </section>
  );
}
