/**
 * Browser mode's room: the trainer pushes a preset or the open design to every participant; a
 * participant opens what was pushed as a new, unsaved design (through the unsaved-work guard); the
 * results board loads, and reloads when the host says a run in the room changed.
 */
import type { MethodInput } from '../../electron/common';
import type { WorkbenchClient } from '../api';
import type { WorkbenchStore } from '../store';
import type { Toast } from '../store/ui/slice';

export interface RoomCommandDeps {
  api: WorkbenchClient;
  store: WorkbenchStore;
  toast: (kind: Toast['kind'], message: string) => void;
  messageOf: (error: unknown) => string;
  /** Opens text as a new, unsaved design, asking first when the open one has unsaved changes. */
  openText: (name: string, text: string, opened: () => void) => Promise<void>;
}

export function createRoomCommands({ api, store, toast, messageOf, openText }: RoomCommandDeps) {
  const state = () => store.getState();
  /** One board request at a time; a change meanwhile asks for one more after it. */
  let loading: Promise<void> | null = null;
  let again = false;

  const loadBoard = async (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    if (state().board.status !== 'ready') state().setBoard({ status: 'loading' });
    loading = (async () => {
      do {
        again = false;
        try {
          state().setBoard({ status: 'ready', value: await api.roomBoard({}) });
        } catch (error) {
          state().setBoard({ status: 'error', message: messageOf(error) });
        }
      } while (again);
    })().finally(() => {
      loading = null;
    });
    return loading;
  };

  return {
    loadBoard,
    /** A run in the room changed: reload the board if this page has shown it. */
    boardChanged() {
      if (state().board.status !== 'idle') void loadBoard();
    },
    /** The trainer: a preset by id, or the open design; says how many open pages got it. */
    async pushToRoom(what: { presetId: string } | 'open-design') {
      let input: MethodInput<'pushToRoom'>;
      if (what === 'open-design') {
        if (!state().open) {
          toast('info', 'Open a design first, or choose a preset to push.');
          return;
        }
        input = { name: state().name, text: state().text };
      } else input = what;
      try {
        const { delivered } = await api.pushToRoom(input);
        toast('success', `Pushed to the room: ${delivered} open page${delivered === 1 ? '' : 's'} got it.`);
      } catch (error) {
        toast('error', `Could not push to the room: ${messageOf(error)}`);
      }
    },
    /** Opens what the trainer pushed as a new, unsaved design (asking first about unsaved work; Cancel keeps the offer). */
    async openRoomShare() {
      const share = state().roomShare;
      if (!share) return;
      await openText(share.name, share.text, () => {
        if (state().roomShare === share) state().setRoomShare(null);
      });
    },
    dismissRoomShare: () => state().setRoomShare(null),
  };
}
