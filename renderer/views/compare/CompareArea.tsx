/** The Compare area: runs side by side (CompareView), or what changed between two designs (DesignDiffView). */
import { store, useStore } from '../../store';
import { selectCompareTab } from '../../store/diff/selectors';
import { panelId, tabId, Tabs } from '../common/Tabs';
import { CompareView } from './CompareView';
import { DesignDiffView } from './DesignDiffView';

const TABS = [{ id: 'runs', label: 'Runs' }, { id: 'diff', label: 'Design diff' }] as const;

export function CompareArea() {
  const tab = useStore(selectCompareTab);
  return (
    <>
      <Tabs label="Compare" items={TABS} selected={tab} onSelect={(id) => store.getState().setCompareTab(id)} idPrefix="compare" />
      <div role="tabpanel" id={panelId('compare', tab)} aria-labelledby={tabId('compare', tab)}>
        {tab === 'runs' ? <CompareView /> : <DesignDiffView />}
      </div>
    </>
  );
}
