import { randomUUID } from 'node:crypto';
import { DeviceChannel, deviceTopic } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { isReadableTopic } from './authorize-subscribe.js';

describe('the topics a device may read', () => {
  const me = randomUUID();
  const other = randomUUID();

  it('are exactly its own cmd and sig/down', () => {
    const readable = DeviceChannel.options.filter((channel) => isReadableTopic(me, deviceTopic(me, channel)));
    expect(readable).toEqual(['cmd', 'sig/down']);
  });

  it("are never another device's, nor a near miss of its own", () => {
    for (const topic of [
      deviceTopic(other, 'cmd'),
      deviceTopic(other, 'sig/down'),
      `${deviceTopic(me, 'cmd')}/x`,
      `${deviceTopic(me, 'cmd')}#`,
      deviceTopic(me, 'cmd').replace('/cmd', 'x/cmd'),
      deviceTopic(me, 'cmd').replace('/cmd', '/xcmd'),
      deviceTopic(me, 'cmd').replace('/cmd', '+cmd'),
      deviceTopic(me, 'sig/down').replace('sig/down', 'down'),
      `x${deviceTopic(me, 'cmd')}`,
      deviceTopic(me, 'cmd').replace('sv/v1', 'sv/v2'),
      `sv/v1/d/${me}/+`,
      `sv/v1/d/${me}/#`,
      'sv/v1/d/+/cmd',
      '#',
      '',
    ])
      expect(isReadableTopic(me, topic), topic).toBe(false);
    expect(isReadableTopic(me.slice(0, 8), deviceTopic(me, 'cmd'))).toBe(false);
  });
});
