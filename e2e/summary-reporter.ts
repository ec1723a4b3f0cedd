/**
 * Prints `e2e: N passed, N failed, N skipped` (skips are never counted as passes), preceded by
 * why tests were skipped and by any error outside a test (a fixture's teardown, for instance
 * finding a redis-server left running), so neither hides behind the counts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  private readonly skipReasons = new Map<string, number>();
  private readonly errors: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed') this.passed++;
    else if (result.status === 'skipped') {
      this.skipped++;
      const reason = [...result.annotations, ...test.annotations].find((a) => a.type === 'skip' || a.type === 'fixme')?.description ?? 'no reason given';
      this.skipReasons.set(reason, (this.skipReasons.get(reason) ?? 0) + 1);
    } else if (result.retry === 0 || result.status !== 'failed') this.failed++;
  }

  onError(error: TestError): void {
    this.errors.push((error.message ?? error.value ?? 'unknown error').split('\n')[0]);
  }

  onEnd(_result: FullResult): void {
    const lines = [''];
    for (const [reason, count] of this.skipReasons) lines.push(`e2e: skipped ${count}: ${reason}`);
    for (const error of this.errors) lines.push(`e2e: error outside a test: ${error}`);
    lines.push(`e2e: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`);
    process.stdout.write(`${lines.join('\n')}\n`);
    // Read by scripts/test-summary.mjs for npm test's closing line over every suite.
    mkdirSync('artifacts/test-counts', { recursive: true });
    writeFileSync('artifacts/test-counts/e2e.json', `${JSON.stringify({ passed: this.passed, failed: this.failed, skipped: this.skipped })}\n`);
  }
}
