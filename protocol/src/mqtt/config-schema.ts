import type { DeviceConfig } from './commands.js';

/**
 * CONFIG SCHEMAS: what a kiosk's config parser understands, as one small number it reports in every `state`
 * (DeviceState.configSchema; docs/protocol.md "Config schemas"). The cloud shapes each `config.apply` for the
 * number its kiosk reported (configForSchema), so no kiosk is sent a field it does not know, and the cloud
 * may be upgraded before the kiosks.
 *
 * RULES for a new DeviceConfig field (protocol.test checks the first and the last):
 *  - it is optional, and its absence means what kiosks did before it existed (a kiosk of an older schema gets the
 *    config without it);
 *  - a field that cannot be left out safely is not a new field but a new command version (`v: 2`);
 *  - it gets a new step below, with the next number: that number is CONFIG_SCHEMA, which kiosks built with this
 *    protocol report.
 */

/** The optional fields of DeviceConfig and of its `nightWatch`, as paths: only these may be held back. */
type OptionalKey<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
export type ConfigFieldPath =
  | readonly [OptionalKey<DeviceConfig>]
  | readonly ['nightWatch', OptionalKey<DeviceConfig['nightWatch']>];

export interface ConfigSchemaStep {
  /** The schema that first understands these fields. */
  readonly schema: number;
  readonly fields: readonly ConfigFieldPath[];
  /** Why and when, for the reader: which release added them. */
  readonly note: string;
}

/**
 * Schema 1 is what every kiosk that reports no schema is taken to understand: the first kiosk release
 * (2026-11-22), whose config had `nightWatch.poolId` but none of the fields below. Kiosks of the 2026-12-07
 * releases knew some of them but report nothing either, so the cloud cannot tell them apart: they get schema 1
 * until they run a release that reports.
 */
export const CONFIG_SCHEMA_OLDEST = 1;

export const CONFIG_SCHEMA_STEPS = [
  {
    schema: 2,
    fields: [['nightWatch', 'fallbackPhone'], ['lent'], ['nightWatch', 'windows']],
    note: 'the pool chain’s number, the loan and the resident’s night-watch hours (2026-12-07); from this schema on the kiosk reports its schema and ignores fields it does not know',
  },
] as const satisfies readonly ConfigSchemaStep[];

/** The schema this protocol's DeviceConfig is: what a kiosk built with it reports. */
export const CONFIG_SCHEMA: number = CONFIG_SCHEMA_STEPS.reduce(
  (latest, step) => Math.max(latest, step.schema),
  CONFIG_SCHEMA_OLDEST,
);

/**
 * The schema the cloud writes a kiosk's configs for: what it reported, the oldest when it reported nothing,
 * and never more than this protocol knows (a kiosk newer than the cloud gets all the cloud has).
 */
export function configSchemaFor(reported: number | null | undefined): number {
  if (reported === null || reported === undefined) return CONFIG_SCHEMA_OLDEST;
  return Math.min(Math.max(reported, CONFIG_SCHEMA_OLDEST), CONFIG_SCHEMA);
}

/**
 * `config` as a kiosk of `schema` understands it: the fields of every later step left out. The same object
 * when there is nothing to leave out (so a config shared by thousands of kiosks stays shared); otherwise a
 * copy, the input never changed.
 */
export function configForSchema(config: DeviceConfig, schema: number): DeviceConfig {
  let shaped = config;
  for (const step of CONFIG_SCHEMA_STEPS) {
    if (step.schema <= schema) continue;
    for (const path of step.fields) shaped = without(shaped, path);
  }
  return shaped;
}

function without(config: DeviceConfig, path: ConfigFieldPath): DeviceConfig {
  if (path.length === 1) {
    const [key] = path;
    if (!(key in config)) return config;
    const { [key]: _, ...rest } = config;
    return rest as DeviceConfig;
  }
  const [, key] = path;
  if (!(key in config.nightWatch)) return config;
  const { [key]: _, ...nightWatch } = config.nightWatch;
  return { ...config, nightWatch };
}
