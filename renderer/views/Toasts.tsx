/** Toasts: errors are alerts, the rest polite status messages; each dismisses itself after a while. */
import { useEffect } from 'react';
import { store, useStore } from '../store';
import { selectToasts } from '../store/ui/selectors';
import type { Toast } from '../store/ui/slice';

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    const timer = window.setTimeout(() => store.getState().dismissToast(toast.id), toast.kind === 'error' ? 12_000 : 5_000);
    return () => window.clearTimeout(timer);
  }, [toast]);
  return (
    // The live role sits inside the list item: on the <li> itself it would replace the item's role
    // (a list may hold only items — axe's "list" rule).
    <li>
      <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
        <span>{toast.message}</span>
        <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => store.getState().dismissToast(toast.id)}>×</button>
      </div>
    </li>
  );
}

export function Toasts() {
  const toasts = useStore(selectToasts);
  return (
    <aside aria-label="Notifications">
      <ul className="toasts" aria-label="Notifications">
        {toasts.map((toast) => <ToastItem key={toast.id} toast={toast} />)}
      </ul>
    </aside>
  );
}
