/**
 * Cancel in the app at the cost limit: a run at the largest plan browser mode and the desktop app
 * accept (1e9 requests: 10 M/s for 100 s), started through the services (a worker thread, as the
 * UI starts it), cancelled after a moment; the time from cancelRun to onDidRunEnd is measured.
 */
import { readFileSync } from 'node:fs';
import { nextEvent, testServices } from '../electron/host/test-support';

interface BenchRow {
  case: string;
  metrics: Record<string, number | string>;
}

export async function serviceCancelCase(): Promise<BenchRow[]> {
  const text = readFileSync('presets/eviction-shootout.yaml', 'utf8')
    .replace(/rate: [^,}]+/, 'rate: 10000000/s').replace(/duration: [^,}]+/, 'duration: 100s');
  const services = testServices();
  const latencies: number[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const { runId } = await services.startRun({ text });
      // The first cancel lands while the worker is still starting, the others during the run.
      await new Promise((resolve) => setTimeout(resolve, i === 0 ? 100 : 600 + i * 113));
      const ended = nextEvent(services, 'onDidRunEnd', (payload) => payload.runId === runId, 60_000);
      const asked = performance.now();
      await services.cancelRun({ runId });
      await ended;
      latencies.push(performance.now() - asked);
    }
  } finally {
    await services.dispose();
  }
  const inOrder = latencies.map((ms) => ms.toFixed(0)).join(' ');
  latencies.sort((a, b) => a - b);
  return [{
    case: 'cancel latency in the app: cancelRun → onDidRunEnd, a 1e9-request run (the cost limit) in a worker (6 tries)',
    metrics: { 'median ms': Number(latencies[3].toFixed(1)), 'max ms': Number(latencies[5].toFixed(1)), 'each try, in order (ms)': inOrder },
  }];
}
