/** The Compare area: runs side by side (CompareView), or what changed between two designs (DesignDiffView). */
import { useState } from 'react';
import { panelId, tabId, Tabs } from '../common/Tabs';
import { CompareView } from './CompareView';
import { DesignDiffView } from './DesignDiffView';

type CompareTab = 'runs' | 'diff';

const TABS = [{ id: 'runs', label: 'Runs' }, { id: 'diff', label: 'Design diff' }] as const;

export function CompareArea() {
  const [tab, setTab] = useState<CompareTab>('runs');
  return (
    <>
      <Tabs label="Compare" items={TABS} selected={tab} onSelect={setTab} idPrefix="compare" />
      <div role="tabpanel" id={panelId('compare', tab)} aria-labelledby={tabId('compare', tab)}>
        {tab === 'runs' ? <CompareView /> : <DesignDiffView />}
      </div>
    </>
  );
}
