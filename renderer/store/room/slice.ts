/**
 * Browser mode's room: the design the trainer pushed last (waiting for Open or Dismiss) and the
 * results board (everyone's newest runs; loaded when the Room view first shows, then kept fresh).
 */
import type { StateCreator } from 'zustand';
import type { RoomBoard, RoomShare } from '../../../electron/common';
import { IDLE } from '../types';
import type { Loadable, Store } from '../types';

export interface RoomState {
  roomShare: RoomShare | null;
  board: Loadable<RoomBoard>;
}

export interface RoomActions {
  setRoomShare(share: RoomShare | null): void;
  setBoard(board: Loadable<RoomBoard>): void;
}

export type RoomSlice = RoomState & RoomActions;

export const initialRoom: RoomState = { roomShare: null, board: IDLE };

export const createRoomSlice: StateCreator<Store, [], [], RoomSlice> = (set) => ({
  ...initialRoom,
  setRoomShare(roomShare) {
    set({ roomShare });
  },
  setBoard(board) {
    set({ board });
  },
});
