/**
 * What each run was made from — its design text, overrides, environment, seed and request budget —
 * kept beside the run history (dataDir/runs/inputs/<runId>.json), so the run's own design can be
 * compiled again later (its miss-ratio curve) whatever design is open by then.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesignRequest } from './design-text';
import { ServiceError } from './errors';
import { readJson, writeJson } from './files';

export class RunInputs {
  private readonly dir: string;

  constructor(runsDir: string) {
    this.dir = join(runsDir, 'inputs');
  }

  private path(runId: string): string {
    // Run ids are made by the host (run-<base36>-<base36>); anything else is no file of ours.
    if (!/^[\w-]{1,200}$/.test(runId)) throw new ServiceError('not-found', `No run ${runId}`);
    return join(this.dir, `${runId}.json`);
  }

  /** Best effort: a run whose input could not be written still runs (it has no curve later). */
  async write(runId: string, request: DesignRequest): Promise<void> {
    const { text, set = [], environment, seed, requests } = request;
    await writeJson(this.path(runId), { text, set, environment, seed, requests }).catch(() => undefined);
  }

  async read(runId: string, label: string): Promise<DesignRequest> {
    const saved = await readJson<DesignRequest | null>(this.path(runId), null);
    if (!saved || typeof saved.text !== 'string') {
      throw new ServiceError('not-found', `The run "${label}" did not keep its design (it was made by an earlier version): run it again to see its curve`);
    }
    return saved;
  }

  async remove(runId: string): Promise<void> {
    await rm(this.path(runId), { force: true });
  }
}
