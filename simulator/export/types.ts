/** The export contract: formats, options, files, and the optional inputs of the review report. */
import type { AppCurve, FidelityInput, FidelityRow, RunResult } from '../run';

/** Every format `keyspace export --to` accepts, in the order files are written. */
export const EXPORT_FORMATS = ['env', 'conf', 'compose', 'ts', 'python', 'alerts', 'report', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file each format writes into the output directory. */
export const EXPORT_FILE_NAMES: Readonly<Record<ExportFormat, string>> = {
  env: '.env',
  conf: 'redis.conf',
  compose: 'docker-compose.yml',
  ts: 'keyspace-cache.ts',
  python: 'keyspace_cache.py',
  alerts: 'alerts.rules.yml',
  report: 'report.html',
  md: 'report.md',
};

/** Where the application connects; a password is only ever named, never given. */
export interface ConnectionSpec {
  /** `redis://host:6379/0`; a password in it is dropped from every export. */
  url?: string;
  /** The environment variable that holds the password (default REDIS_PASSWORD). */
  passwordEnv?: string;
}

export interface ExportOptions {
  /** Column of the TTL matrix (and the environment named in every header). */
  environment: string;
  /** The design file, for the header (only its base name is used). */
  designFile?: string;
  connection?: ConnectionSpec;
}

/** One generated file: a path relative to the output directory and its full text. */
export interface ExportFile {
  format: ExportFormat;
  path: string;
  text: string;
}

/** A labelled run for the report. */
export interface LabelledResult {
  label: string;
  result: RunResult;
  /** The content hash of the design the run was made from, when it was recorded (the app records it). */
  designHash?: string | null;
  /** A live engine's time scale (a factor, or 'max' unpaced; null: the simulator's virtual time), when recorded. */
  speed?: number | 'max' | null;
}

export type { FidelityInput, FidelityRow };

export interface ReportInput {
  results?: LabelledResult[];
  fidelity?: FidelityInput;
  /** What the report says when it has no run (default: the CLI's flags that add one). */
  noRuns?: string;
  /** The design's miss-ratio curve (appCurve, as the app shows it); the report has no curve section without it. */
  curve?: AppCurve;
}
