/** Saved Redis connections: list, add (never with a password: it names an environment variable), test. */
import { useState } from 'react';
import { store, useStore } from '../../store';
import { selectAppInfo, selectConnections, selectConnectionTest } from '../../store/connections/selectors';
import { messageOf } from '../../app/commands';
import { useServices } from '../context';

/** The test's message with the server version, once: the host's message may already name it. */
export function withVersion(message: string, version: string | null): string {
  return version && !message.includes(version) ? `${message} (Redis ${version})` : message;
}

export function ConnectionsPanel() {
  const { api, commands } = useServices();
  const connections = useStore(selectConnections);
  const test = useStore(selectConnectionTest);
  const info = useStore(selectAppInfo);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('redis://127.0.0.1:6379');
  const [passwordEnv, setPasswordEnv] = useState('');
  const [busy, setBusy] = useState(false);
  const withPassword = /:\/\/[^/@]*:[^/@]*@/.test(url);
  const save = async () => {
    setBusy(true);
    try {
      const saved = await api.saveConnection({ id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'redis', name: name || url, url, passwordEnv: passwordEnv || undefined, allowNonEmpty: false });
      store.getState().upsertConnection(saved);
      store.getState().setRunOptions({ connectionId: saved.id });
      commands.toast('success', `Saved connection ${saved.name}`);
    } catch (error) {
      commands.toast('error', `Could not save the connection: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  };
  const runTest = async () => {
    setBusy(true);
    try {
      const result = await api.testConnection({ url, passwordEnv: passwordEnv || undefined });
      store.getState().setConnectionTest({ url, ok: result.ok, message: withVersion(result.message, result.version) });
    } catch (error) {
      store.getState().setConnectionTest({ url, ok: false, message: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="connections" open={connections.status === 'ready' && connections.value.length === 0}>
      <summary>Saved connections</summary>
      {info.status === 'ready' ? (
        <p className="help">redis-server: {info.value.redisServer.found ? `found (${info.value.redisServer.version ?? 'unknown version'})` : info.value.redisServer.message}. Docker: {info.value.docker.message}.</p>
      ) : null}
      {connections.status === 'error' ? <p className="warn-text" role="alert">{connections.message}</p> : null}
      {connections.status === 'ready' && connections.value.length > 0 ? (
        <ul aria-label="Saved connections">{connections.value.map((c) => <li key={c.id}><strong>{c.name}</strong> <span className="mono muted">{c.url}</span></li>)}</ul>
      ) : null}
      <div className="form-stack">
        <label>Connection name<input value={name} onChange={(event) => setName(event.target.value)} placeholder="dev redis" /></label>
        <label>Redis URL<input value={url} onChange={(event) => setUrl(event.target.value)} className="mono" aria-invalid={withPassword} aria-describedby="url-help" /></label>
        <p id="url-help" className={`help ${withPassword ? 'warn-text' : ''}`}>{withPassword ? 'Remove the password from the URL; name an environment variable instead.' : 'redis://, rediss://, redis-sentinel:// or cluster://, without a password.'}</p>
        <label>Password variable<input value={passwordEnv} onChange={(event) => setPasswordEnv(event.target.value.toUpperCase())} placeholder="REDIS_PASSWORD" className="mono" /></label>
        <div className="button-row">
          <button type="button" disabled={busy || !url || withPassword} onClick={() => void runTest()}>Test connection</button>
          <button type="button" disabled={busy || !url || withPassword} onClick={() => void save()}>Save connection</button>
        </div>
        {test && test.url === url ? <p role="status" className={test.ok ? 'good-text' : 'warn-text'}>{test.message}</p> : null}
      </div>
    </details>
  );
}
