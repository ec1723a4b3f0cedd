/** The design the trainer pushed, offered until the participant opens or dismisses it. */
import { useStore } from '../../store';
import { selectRoomShare } from '../../store/room/selectors';
import { useCommands } from '../context';

export function RoomSharePrompt() {
  const commands = useCommands();
  const share = useStore(selectRoomShare);
  if (!share) return null;
  return (
    <aside className="room-share" aria-label="Shared by the trainer">
      <p role="status">Trainer shared <strong>{share.name}</strong></p>
      <button type="button" className="primary" onClick={() => void commands.openRoomShare()}>Open</button>
      <button type="button" onClick={commands.dismissRoomShare}>Dismiss</button>
    </aside>
  );
}
