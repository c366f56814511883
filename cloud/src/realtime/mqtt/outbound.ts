import { ConfigCommand, DeviceConfig, encode } from '@screenvisit/protocol';
import { AppError } from '../../kernel/errors.js';
import { OUTBOUND_SCHEMAS, type OutboundChannel, type OutboundMessages } from './channels.js';

const ConfigEnvelope = ConfigCommand.omit({ config: true });

/**
 * Checks an outbound message against its channel's schema and encodes it, as every publish to a device must
 * (channels.ts). One shortcut (issue 14): a bulk push sends one shared config to thousands of kiosks, each in
 * its own `config.apply` (own id and version). A config that is a deeply frozen object (kernel/deep-freeze.ts)
 * is checked and encoded the first time it is published; after that only each command's small envelope is
 * checked, and the config's JSON is reused. Frozen, so it cannot have changed since its check; a WeakMap, so it
 * is forgotten with the last command that holds it.
 */
export function createOutboundEncoder(): <C extends OutboundChannel>(
  channel: C,
  message: OutboundMessages[C],
) => string {
  const configs = new WeakMap<object, string>();

  const refuse = (channel: string, cause: unknown) =>
    new AppError('internal', `Refused to publish an invalid ${channel} message.`, { cause });

  const encodeConfig = (config: object): string => {
    const cached = configs.get(config);
    if (cached !== undefined) return cached;
    const checked = DeviceConfig.safeParse(config);
    if (!checked.success) throw refuse('cmd', checked.error);
    const json = encode(checked.data);
    configs.set(config, json);
    return json;
  };

  return (channel, message) => {
    if (channel === 'cmd') {
      const command = message as OutboundMessages['cmd'];
      if (command.type === 'config.apply' && Object.isFrozen(command.config)) {
        const { config, ...envelope } = command;
        const checked = ConfigEnvelope.safeParse(envelope);
        if (!checked.success) throw refuse(channel, checked.error);
        const head = encode(checked.data);
        return `${head.slice(0, -1)},"config":${encodeConfig(config)}}`;
      }
    }
    const checked = OUTBOUND_SCHEMAS[channel].safeParse(message);
    if (!checked.success) throw refuse(channel, checked.error);
    return encode(checked.data);
  };
}
