/**
 * The second pass of a recorded replay as an Engine: the records of a file read once by
 * readRecording (replay-file.ts) fed to the simulator (RecordedRun) or to a managed redis-server
 * (LiveRecordedReplay). engineFor (../engine-for.ts) chooses which.
 */
import type { Design } from '../../model';
import { NULL_SINK, recordedPlan, RecordedKeyLayout, RecordedRun } from '../../run';
import type { CancelSignal, Engine, RecordingSummary, RunPlan, RunResult, RunSink } from '../../run';
import type { CsvOptions, ReaderStats, RecordedKeys, TraceFormat } from '../../trace';
import { readTraceFile } from '../trace';
import { LiveRecordedReplay } from './live-replay';
import type { LiveReplayOptions } from './live-replay';
import { managedReplayConnection } from './managed-replay';

/** A recorded file after its first pass: its keys, time span, format and the design that applies. */
export interface Recording {
  file: string;
  keys: RecordedKeys;
  summary: RecordingSummary;
  format: TraceFormat;
  csv?: CsvOptions;
  stats: ReaderStats;
  /** The design whose namespaces and server settings apply, given or inferred. */
  design: Design;
  /** The design was inferred from the trace (none was given). */
  inferred: boolean;
  /** Malformed-line and other warnings about the file. */
  warnings: string[];
}

const NOT_CANCELLED: CancelSignal = { aborted: false };
/** Records a live replay plays between two progress reports. */
const PROGRESS_EVERY_RECORDS = 256;

export class RecordedEngine implements Engine {
  readonly kind: 'sim' | 'live';

  /** `live` null: the simulator; otherwise a managed redis-server paced at `live.speed`. */
  constructor(private readonly recording: Recording, private readonly options: { cacheAside?: boolean; live: Omit<LiveReplayOptions, 'cacheAside'> | null }) {
    this.kind = options.live ? 'live' : 'sim';
  }

  async run(plan: RunPlan, sink: RunSink = NULL_SINK, signal: CancelSignal = NOT_CANCELLED): Promise<RunResult> {
    const { file, keys, summary, format, csv } = this.recording;
    const layout = new RecordedKeyLayout(keys, plan.namespaces);
    const replayPlan = recordedPlan(plan, layout, summary);
    const shouldStop = () => signal.aborted;
    const cacheAside = this.options.cacheAside;
    let result: RunResult;
    if (!this.options.live) {
      const run = new RecordedRun(replayPlan, layout, summary, { cacheAside });
      await readTraceFile(file, (batch, count) => {
        run.feed(batch, count);
        sink.progress(run.progress());
      }, { format, csv, keys, maxMalformedShare: 1, shouldStop });
      const stopped = shouldStop();
      if (!stopped) run.finish();
      result = run.result(stopped);
    } else {
      const options = { ...this.options.live, cacheAside };
      const live = await LiveRecordedReplay.over(await managedReplayConnection(replayPlan, options), replayPlan, layout, keys, summary, options);
      let done = 0;
      try {
        await readTraceFile(file, async (batch, count) => {
          // In slices, so a paced replay reports progress while a batch (up to a 4 MB chunk) plays.
          for (let from = 0; from < count && !shouldStop(); from += PROGRESS_EVERY_RECORDS) {
            const to = Math.min(count, from + PROGRESS_EVERY_RECORDS);
            await live.feed(batch, to, shouldStop, from);
            done += to - from;
            sink.progress({ done, total: summary.records, phase: 'recorded (live)', tMs: (batch.timeUs[to - 1] - summary.firstUs) / 1000 });
          }
        }, { format, csv, keys, maxMalformedShare: 1, shouldStop });
      } finally {
        result = await live.finish(shouldStop());
      }
    }
    const unmatched = layout.keysPerNamespace[plan.namespaces.length];
    if (!this.recording.inferred && unmatched > 0) {
      result.warnings.push(`${unmatched.toLocaleString('en-US')} of ${keys.size.toLocaleString('en-US')} keys match no namespace pattern of the design (counted as "(unmatched)")`);
    }
    return result;
  }
}
