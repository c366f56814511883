import { z } from 'zod';
import type { CloudClient } from './cloud-client.js';
import { ProvisioningError } from './errors.js';
import { createBalenaFleet } from './fleet/balena.js';
import type { FleetProvider } from './fleet/provider.js';

const FleetEnv = z.object({
  BALENA_API_URL: z.url().default('https://api.balena-cloud.com'),
  BALENA_API_TOKEN: z.string().min(1, 'set BALENA_API_TOKEN (a balena API key)'),
  BALENA_FLEET: z.string().min(1, 'set BALENA_FLEET (the fleet slug, e.g. org/screenvisit-kiosks)'),
});

export function fleetFromEnv(env: Record<string, string | undefined>): FleetProvider {
  const parsed = FleetEnv.safeParse(env);
  if (!parsed.success) throw ProvisioningError.usage(parsed.error.issues.map((i) => i.message).join('; '));
  const { BALENA_API_URL: apiUrl, BALENA_API_TOKEN: token, BALENA_FLEET: fleet } = parsed.data;
  return createBalenaFleet({ apiUrl, token, fleet });
}

/**
 * Puts a registered device on a balena kiosk: a fresh one-time code and the cloud's URL as device env vars
 * (the agent reads ENROLMENT_CODE and CLOUD_URL at start), the inventory label as a tag, then a restart so the
 * agent enrols now. The code travels only from our cloud to balena's device variables.
 */
export async function provisionOnFleet(
  cloud: CloudClient,
  fleet: FleetProvider,
  deviceId: string,
  uuid: string,
): Promise<{ label: string; uuid: string }> {
  const found = await fleet.findByUuid(uuid);
  if (!found) throw ProvisioningError.fleet(`No balena device ${uuid} in this fleet.`);
  const device = (await cloud.get(`/api/devices/${deviceId}`)) as { label: string };
  const { code } = (await cloud.post(`/api/devices/${deviceId}/enrolment-code`)) as { code: string };
  await fleet.setEnv(found.uuid, { ENROLMENT_CODE: code, CLOUD_URL: cloud.baseUrl });
  await fleet.tagLabel(found.uuid, device.label);
  await fleet.restartApplication(found.uuid);
  return { label: device.label, uuid: found.uuid };
}
