import { configForSchema, type DeviceCommand, type DeviceConfig } from '@screenvisit/protocol';
import { deepFreeze } from '../kernel/deep-freeze.js';

/**
 * Shapes a command for the config schema its kiosk reported (protocol config-schema.ts): a `config.apply`'s
 * config without the fields that kiosk does not know; every other command as it is. The one place the cloud
 * does this: the device link calls it for every command it publishes (devices/link.ts: the single push, the bulk
 * push and the connect flush all publish through the link).
 *
 * Issue 14: a bulk push gives thousands of kiosks one shared, frozen config, which the broker checks and encodes
 * once (realtime/mqtt/outbound.ts). So the shaped config of a frozen one is remembered per schema and frozen too:
 * still one object, one check and one encoding per distinct config and schema, not per kiosk. A config with
 * nothing to leave out is not copied at all.
 */
export function createCommandShaper(): (command: DeviceCommand, schema: number) => DeviceCommand {
  const shaped = new WeakMap<DeviceConfig, Map<number, DeviceConfig>>();

  const configFor = (config: DeviceConfig, schema: number): DeviceConfig => {
    if (!Object.isFrozen(config)) return configForSchema(config, schema);
    let bySchema = shaped.get(config);
    if (bySchema === undefined) {
      bySchema = new Map();
      shaped.set(config, bySchema);
    }
    let result = bySchema.get(schema);
    if (result === undefined) {
      result = deepFreeze(configForSchema(config, schema));
      bySchema.set(schema, result);
    }
    return result;
  };

  return (command, schema) => {
    if (command.type !== 'config.apply') return command;
    const config = configFor(command.config, schema);
    return config === command.config ? command : { ...command, config };
  };
}
