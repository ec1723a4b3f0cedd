/**
 * What the pub/sub fan-out costs: Redis CPU per message and per subscriber, cluster-bus and
 * network latency, the output buffer limit that disconnects a slow subscriber, and the workers'
 * CPU per message, per client send and per (re)connection. Empty fields take the default shown.
 */
import { pubsubSchema } from '../../../simulator/model';
import { asRecord, display, TextField } from './fields';
import { ErrorsAt } from './VariantFields';

interface Cost {
  label: string;
  /** Under `pubsub`. */
  path: ReadonlyArray<string>;
}

/** The schema's defaults, shown as placeholders of empty fields. */
const DEFAULTS: Record<string, unknown> = {
  topology: pubsubSchema.shape.topology.parse(undefined),
  workers: pubsubSchema.shape.workers.parse(undefined),
};

const GROUPS: ReadonlyArray<{ id: string; title: string; help: string; costs: ReadonlyArray<Cost> }> = [
  {
    id: 'redis-costs', title: 'Redis CPU and latency',
    help: 'CPU per PUBLISH/XADD, per subscriber written to, and per other node a classic PUBLISH is broadcast to; one hop over the cluster bus; Redis → worker, one way.',
    costs: [
      { label: 'Redis CPU per message', path: ['topology', 'serviceTime', 'perMessage'] },
      { label: 'Redis CPU per subscriber', path: ['topology', 'serviceTime', 'perSubscriber'] },
      { label: 'Redis CPU per bus hop', path: ['topology', 'serviceTime', 'busHop'] },
      { label: 'Cluster bus latency', path: ['topology', 'busLatency'] },
      { label: 'Network latency to workers', path: ['topology', 'networkLatency'] },
    ],
  },
  {
    id: 'buffer-costs', title: 'Output buffer limit (client-output-buffer-limit pubsub)',
    help: 'Over the hard limit a subscriber is disconnected at once; over the soft limit for longer than the soft period, too.',
    costs: [
      { label: 'Output buffer hard limit', path: ['topology', 'outputBufferLimit', 'hard'] },
      { label: 'Output buffer soft limit', path: ['topology', 'outputBufferLimit', 'soft'] },
      { label: 'Output buffer soft period', path: ['topology', 'outputBufferLimit', 'softFor'] },
    ],
  },
  {
    id: 'worker-costs', title: 'Worker CPU',
    help: 'Per message read from Redis (parse, route), per client per message (frame + write), per client (re)connection (handshake, auth, resubscribe).',
    costs: [
      { label: 'Worker CPU per message', path: ['workers', 'loopCost'] },
      { label: 'Worker CPU per send', path: ['workers', 'sendCost'] },
      { label: 'Worker CPU per connection', path: ['workers', 'connectCost'] },
    ],
  },
];

/** The value written at `path` under `root` (undefined when any step is missing). */
function valueAt(root: Record<string, unknown>, path: ReadonlyArray<string>): unknown {
  return path.reduce<unknown>((node, key) => asRecord(node)[key], root);
}

export function TopologyCosts({ pubsub }: { pubsub: Record<string, unknown> }) {
  return (
    <>
      {GROUPS.map((group) => (
        <div key={group.id}>
          <h3 id={group.id}>{group.title}</h3>
          <p className="help">{group.help}</p>
          <ErrorsAt path={['pubsub', ...group.costs[0].path.slice(0, -1)]} shown={group.costs.map((cost) => cost.path[cost.path.length - 1])} />
          <div className="form-grid" role="group" aria-labelledby={group.id}>
            {group.costs.map((cost) => (
              <TextField key={cost.label} inline={false} label={cost.label} path={['pubsub', ...cost.path]} value={valueAt(pubsub, cost.path)} coerce={false} placeholder={display(valueAt(DEFAULTS, cost.path))} />
            ))}
          </div>
        </div>
      ))}
    </>
  );
}
