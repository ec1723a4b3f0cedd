/** How requests spread over keys (a namespace's) or clients (a limiter's): the distribution and its parameters. */
import type { YamlPath } from '../../yaml/edit';
import { asRecord, SelectField, TextField, useDesignEdit } from './fields';

const SKEWS = ['uniform', 'zipf', 'gaussian', 'hotspot'] as const;
const SKEW_DEFAULTS: Record<string, Record<string, unknown>> = {
  uniform: { dist: 'uniform' },
  zipf: { dist: 'zipf', alpha: 1 },
  gaussian: { dist: 'gaussian', stddev: '10%' },
  hotspot: { dist: 'hotspot', hotKeys: '1%', hotRequests: '90%' },
};

/** `path` is the skew's own path (e.g. ['namespaces', 0, 'skew']); `name` names its owner in labels. */
export function SkewField({ path, name, value, hotLabel = 'Hot keys' }: { path: YamlPath; name: string; value: unknown; hotLabel?: string }) {
  const edit = useDesignEdit();
  const skew = asRecord(value);
  const dist = typeof skew.dist === 'string' ? skew.dist : 'uniform';
  return (
    <span className="compound">
      <SelectField label={`Skew for ${name}`} path={[...path, 'dist']} value={dist} options={SKEWS} onChange={(next) => edit.set(path, SKEW_DEFAULTS[next] ?? { dist: next })} />
      {dist === 'zipf' ? <TextField label={`Zipf alpha for ${name}`} path={[...path, 'alpha']} value={skew.alpha} className="narrow" /> : null}
      {dist === 'gaussian' ? <TextField label={`Spread for ${name}`} path={[...path, 'stddev']} value={skew.stddev} coerce={false} className="narrow" /> : null}
      {dist === 'hotspot' ? (
        <>
          <TextField label={`${hotLabel} for ${name}`} path={[...path, 'hotKeys']} value={skew.hotKeys} coerce={false} className="narrow" />
          <TextField label={`Hot requests for ${name}`} path={[...path, 'hotRequests']} value={skew.hotRequests} coerce={false} className="narrow" />
        </>
      ) : null}
    </span>
  );
}
