/** A modal dialog on the native <dialog> element: focus trapped, Escape closes. */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

export function Dialog({ title, open, onClose, children, role = 'dialog' }: { title: string; open: boolean; onClose: () => void; children: ReactNode; role?: 'dialog' | 'alertdialog' }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} role={role} aria-label={title} className="dialog" onCancel={(event) => { event.preventDefault(); onClose(); }}>
      {open ? (
        <>
          <h2 className="dialog-title">{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
