import { Id } from '@screenvisit/protocol';

/**
 * Before CONNECT is authenticated, aedes's client.id is whatever the client sent. Logs carry internal ids
 * only, so anything that is not a device id is left out.
 */
export function loggableDeviceId(id: string | null | undefined): string | null {
  return typeof id === 'string' && Id.safeParse(id).success ? id : null;
}
