import { type Clock, CONFIG_SCHEMA, type DeviceState, type DeviceStateName } from '@screenvisit/protocol';
import type { Logger } from './logger.js';
import type { MediaEngine } from './media-engine.js';
import type { MqttSession } from './mqtt-session.js';

/**
 * The kiosk's retained `state` as the agent publishes it (agent.ts): announced at each connect before subscribing,
 * and published again on every change of state or config.
 */
export function createStateReport(deps: {
  clock: Clock;
  log: Logger;
  software: string;
  media: Pick<MediaEngine, 'name'>;
  machine: { readonly state: DeviceStateName };
  configVersion(): number;
  session(): MqttSession | null;
}) {
  const { clock, log, software, media, machine } = deps;
  /** The state as published, without its time: what the announce at connect said, to republish only a change. */
  let announced: string | null = null;
  const stateNow = (): DeviceState => ({
    v: 1,
    status: 'online',
    state: machine.state,
    engine: media.name,
    software,
    configVersion: deps.configVersion(),
    // What this kiosk's config parser understands: the cloud shapes every config for it (protocol config-schema.ts).
    configSchema: CONFIG_SCHEMA,
    at: new Date(clock.now()).toISOString(),
  });
  const withoutTime = ({ at: _, ...state }: DeviceState) => JSON.stringify(state);

  return {
    /** Published at connect before subscribing (mqtt-session.ts announce), so the cloud knows our schema first. */
    announce(): string {
      const state = stateNow();
      announced = withoutTime(state);
      return JSON.stringify(state);
    },

    publish() {
      const session = deps.session();
      if (!session?.connected) return; // published on (re)connect anyway
      session
        .publish('state', JSON.stringify(stateNow()), { qos: 1, retain: true })
        .catch((err: unknown) => log.warn({ err }, 'could not publish the state'));
    },

    /** The state now differs from what was announced at connect (or nothing was). */
    changedSinceAnnounced: () => announced !== withoutTime(stateNow()),
  };
}
