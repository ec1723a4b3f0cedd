/** Named selectors of the room slice. */
import type { Store } from '../types';

export const selectRoomShare = (s: Store) => s.roomShare;
export const selectBoard = (s: Store) => s.board;
/** The page is in a browser-mode room (the Room view is there). */
export const selectInRoom = (s: Store) => s.appInfo.status === 'ready' && s.appInfo.value.room === true;
