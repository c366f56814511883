import { defineEnv, envPort } from '@screenvisit/protocol/env';
import { z } from 'zod';

/** Variables `npm start` reads (scripts/start.ts); each process has its own table besides. */
export const startEnv = defineEnv({
  PORT: { schema: envPort, default: '8080', doc: 'Cloud HTTP port (same variable as the cloud process).' },
  MQTT_PORT: { schema: envPort, default: '18830', doc: 'Cloud MQTT port for the kiosk.' },
  MQTT_WS_PORT: { schema: envPort, default: '18831', doc: 'Cloud MQTT-over-WebSocket port.' },
  KIOSK_CONTROL_PORT: {
    schema: envPort,
    default: '8090',
    doc: 'Simulated kiosk control page (press its buttons).',
  },
  SCREENVISIT_DATA: {
    schema: z.string().min(1),
    default: '.data',
    doc: 'Root folder for the cloud and kiosk data.',
  },
  LOG_LEVEL: { schema: z.string(), default: 'warn', doc: 'Log level for both processes under npm start.' },
});
