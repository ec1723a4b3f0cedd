/** Design: sections as tabs over one design text (forms and YAML), problems always in view. */
import { lazy, Suspense } from 'react';
import { store, useStore } from '../../store';
import { selectDesignTab } from '../../store/ui/selectors';
import type { DesignTab } from '../../store/ui/slice';
import { LoadingState } from '../common/States';
import { panelId, tabId, Tabs } from '../common/Tabs';
import { ChannelsShards } from './ChannelsShards';
import { DeliveryForm } from './DeliveryForm';
import { DesignIdentity } from './DesignHeader';
import { FailuresForm } from './FailuresForm';
import { InvalidationRules } from './InvalidationRules';
import { NamespacesTable } from './NamespacesTable';
import { Problems } from './Problems';
import { RateLimitsForm } from './RateLimitsForm';
import { ServerSettings } from './ServerSettings';
import { TargetsForm } from './TargetsForm';
import { TrafficForm } from './TrafficForm';
import { TtlMatrix } from './TtlMatrix';

const YamlEditor = lazy(() => import('../../editor/YamlEditor'));

const TABS: ReadonlyArray<{ id: DesignTab; label: string }> = [
  { id: 'namespaces', label: 'Namespaces' },
  { id: 'ttl', label: 'TTL matrix' },
  { id: 'invalidation', label: 'Invalidation' },
  { id: 'traffic', label: 'Traffic' },
  { id: 'rateLimits', label: 'Rate limits' },
  { id: 'channels', label: 'Channels & shards' },
  { id: 'delivery', label: 'Delivery & clients' },
  { id: 'failures', label: 'Failures' },
  { id: 'server', label: 'Server' },
  { id: 'targets', label: 'Targets' },
  { id: 'yaml', label: 'YAML' },
];

export function DesignView() {
  const tab = useStore(selectDesignTab);
  return (
    <div className="design-view">
      <Tabs label="Design sections" items={TABS} selected={tab} onSelect={(id) => store.getState().setDesignTab(id)} idPrefix="design" />
      <div className={`design-panel ${tab === 'yaml' ? 'is-yaml' : ''}`} role="tabpanel" id={panelId('design', tab)} aria-labelledby={tabId('design', tab)}>
        {tab === 'namespaces' ? <><DesignIdentity /><NamespacesTable /></> : null}
        {tab === 'ttl' ? <TtlMatrix /> : null}
        {tab === 'invalidation' ? <InvalidationRules /> : null}
        {tab === 'channels' ? <ChannelsShards /> : null}
        {tab === 'traffic' ? <TrafficForm /> : null}
        {tab === 'rateLimits' ? <RateLimitsForm /> : null}
        {tab === 'delivery' ? <DeliveryForm /> : null}
        {tab === 'failures' ? <FailuresForm /> : null}
        {tab === 'server' ? <ServerSettings /> : null}
        {tab === 'targets' ? <TargetsForm /> : null}
        {tab === 'yaml' ? (
          <Suspense fallback={<LoadingState label="Loading the YAML editor…" />}>
            <YamlEditor />
          </Suspense>
        ) : null}
      </div>
      <Problems />
    </div>
  );
}
