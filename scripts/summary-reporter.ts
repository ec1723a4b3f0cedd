/**
 * Prints one plain closing line after vitest's own summary — `unit: N passed, N failed, N skipped` —
 * so that CI logs carry a runner-neutral count. Skipped tests are counted as skipped, never passed.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { recordCounts } from './test-counts';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    process.stdout.write(`\nunit: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    recordCounts('unit', { passed, failed, skipped });
  }
}
