/**
 * Results a reviewer can trust and take away, in Debian's chromium against browser mode: targets
 * pass/fail, seed and design hash, rename/delete, JSON and CSV downloads, the report with runs,
 * and the fidelity view in formatted numbers.
 */
import { expect, test } from './fixtures';
import * as results from './results-flows';

test.describe('Run results in a browser', () => {
  test('shows targets pass/fail in the Run view, the run list, the comparison and the report preview', async ({ workbench }) => {
    test.setTimeout(120_000);
    await results.targetsEverywhere(workbench);
    await results.reportWithRuns(workbench);
  });

  test('renames a run, downloads its JSON and CSV, and deletes it', async ({ workbench }) => {
    test.setTimeout(90_000);
    await results.renameDownloadDelete(workbench);
  });

  test('shows a fidelity run as formatted numbers with a verdict per tolerance and the run\'s warnings', async ({ workbench, server }) => {
    test.setTimeout(200_000);
    await results.fidelityFormatted(workbench, async () => {
      const [latest] = await server.services.listRuns();
      expect(latest.engine).toBe('fidelity');
      const record = await server.services.getRun({ runId: latest.runId });
      const live = record.fidelity?.live as { warnings?: string[] } | undefined;
      const notes = record.fidelity?.notes;
      return { warnings: [...(live?.warnings ?? []), ...(Array.isArray(notes) ? (notes as string[]) : [])] };
    });
  });
});
