import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILES, SERVER_VERSIONS, serverProfileSchema } from '.';
import { HFE_MEMORY_CASES, MEMORY_CASES } from './memory-cases';
import type { MeasuredCase } from './memory-cases';
import { modelCase } from './object-memory';

interface Fixture {
  profile: string;
  server: { name: string; version: string };
  startup: { usedMemoryStartup: number };
  cases: MeasuredCase[];
}

function fixtureOf(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

const relative = (model: number, measured: number): number => Math.abs(model - measured) / measured;

describe.each(SERVER_VERSIONS)('server profile %s against the real server it was recorded from', (version) => {
  const profile = PROFILES[version];
  const fixture = fixtureOf(version);

  it('is a valid profile, recorded from the server it names', () => {
    expect(serverProfileSchema.parse(profile)).toEqual(profile);
    expect(fixture.profile).toBe(version);
    expect(`${fixture.server.version}.`.startsWith(`${profile.versionPrefix}.`)).toBe(true);
    expect(fixture.server.name).toBe(profile.serverName);
    expect(fixture.cases.map((c) => c.id)).toEqual(MEMORY_CASES.map((c) => c.id));
    // Startup memory moves with the configuration by a few hundred bytes.
    expect(relative(profile.usedMemoryStartupBytes, fixture.startup.usedMemoryStartup)).toBeLessThan(0.01);
  });

  it.each(MEMORY_CASES.map((c) => [c.id, c] as const))('%s: encoding, MEMORY USAGE and used_memory within 1 %%', (_id, memoryCase) => {
    const measured = fixture.cases.find((c) => c.id === memoryCase.id) as MeasuredCase;
    const model = modelCase(profile, memoryCase);
    const table = JSON.stringify({ measured, model });
    expect(model.encoding, table).toBe(measured.encoding);
    // Skiplist node heights are random: the model gives the mean, compared with the measured mean.
    expect(relative(model.memoryUsage, measured.memoryUsageMean), table).toBeLessThanOrEqual(0.01);
    const usedError = relative(model.usedMemoryDelta, measured.usedMemoryDelta);
    // A case the profile lists as unmodelled must still miss (else take it off the list).
    if ((profile.unmodelledCases as readonly string[]).includes(memoryCase.id)) expect(usedError, table).toBeGreaterThan(0.01);
    else expect(usedError, table).toBeLessThanOrEqual(0.01);
  });
});

const HFE_VERSIONS = SERVER_VERSIONS.filter((version) => PROFILES[version].hashFieldExpiry !== null);

describe.each(HFE_VERSIONS)('hash-field expiration of %s against the real server (fixtures/<version>-hfe.json)', (version) => {
  const profile = PROFILES[version];
  const fixture = fixtureOf(`${version}-hfe`);

  it('was recorded from the server the profile names, on every case', () => {
    expect(fixture.profile).toBe(version);
    expect(`${fixture.server.version}.`.startsWith(`${profile.versionPrefix}.`)).toBe(true);
    expect(fixture.cases.map((c) => c.id)).toEqual(HFE_MEMORY_CASES.map((c) => c.id));
  });

  it.each(HFE_MEMORY_CASES.map((c) => [c.id, c] as const))('%s: encoding, MEMORY USAGE and used_memory within 1 %%', (_id, memoryCase) => {
    const measured = fixture.cases.find((c) => c.id === memoryCase.id) as MeasuredCase;
    const model = modelCase(profile, memoryCase);
    const table = JSON.stringify({ measured, model });
    expect(model.encoding, table).toBe(measured.encoding);
    expect(relative(model.memoryUsage, measured.memoryUsageMean), table).toBeLessThanOrEqual(0.01);
    expect(relative(model.usedMemoryDelta, measured.usedMemoryDelta), table).toBeLessThanOrEqual(0.01);
  });

  it('field TTLs cost memory: the same hashes without them are smaller', () => {
    for (const memoryCase of HFE_MEMORY_CASES) {
      expect(modelCase(profile, memoryCase).usedMemoryDelta).toBeGreaterThan(modelCase(profile, { ...memoryCase, fieldTtl: false }).usedMemoryDelta);
    }
  });
});

it('only redis-7.4 models hash-field expiration (Valkey 8.0 has no HEXPIRE)', () => {
  expect(HFE_VERSIONS).toEqual(['redis-7.4']);
});
