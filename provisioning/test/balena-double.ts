import { createServer, type Server } from 'node:http';

/**
 * A LOCAL HTTP DOUBLE of the few balena API endpoints our FleetProvider uses (balena's cloud is unreachable
 * from here). It answers the way the documented API does: OData v4 over /v7 (`{"d": [...]}` for reads, 201
 * with the created entity, 409 "unique" on a duplicate natural key, which makes pinejs' upsert PATCH), plus the
 * supervisor proxy POST /supervisor/v1/restart. It records every request so tests can check what the SDK sent.
 * It is not balena: only the filters our adapter sends are understood.
 */
export interface DoubleDevice {
  id: number;
  uuid: string;
  device_name: string;
  is_online: boolean;
  os_version: string | null;
  supervisor_version: string | null;
  last_connectivity_event: string | null;
  fleet: string;
  appId: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

export interface BalenaDouble {
  url: string;
  token: string;
  requests: RecordedRequest[];
  env: Map<string, string>;
  tags: Map<string, string>;
  restarts: { deviceId: number; appId: number }[];
  close(): Promise<void>;
}

export async function startBalenaDouble(
  devices: DoubleDevice[],
  token = 'test-token',
): Promise<BalenaDouble> {
  const requests: RecordedRequest[] = [];
  const env = new Map<string, string>(); // `${deviceId}/${name}` -> value
  const tags = new Map<string, string>(); // `${deviceId}/${tag_key}` -> value
  const restarts: { deviceId: number; appId: number }[] = [];

  const visible = (d: DoubleDevice, expand: boolean) => {
    const { fleet: _f, appId, ...row } = d;
    return { ...row, ...(expand ? { belongs_to__application: [{ id: appId }] } : {}) };
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const query = decodeURIComponent(url.search);
      const body: unknown = raw ? JSON.parse(raw) : null;
      requests.push({ method: req.method ?? '', path: decodeURIComponent(url.pathname), query, body });
      const send = (status: number, payload: unknown) => {
        res.statusCode = status;
        res.setHeader('content-type', typeof payload === 'string' ? 'text/plain' : 'application/json');
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, 'Unauthorized');
      const path = decodeURIComponent(url.pathname);
      const expand = query.includes('$expand=belongs_to__application');

      const one = /^\/v7\/device\(uuid='([0-9a-f]+)'\)$/.exec(path);
      if (req.method === 'GET' && one) {
        const device = devices.find((d) => d.uuid === one[1]);
        return send(200, { d: device ? [visible(device, expand)] : [] });
      }
      if (req.method === 'GET' && path === '/v7/device') {
        const fleet = /a\/slug eq '([^']+)'/.exec(query)?.[1];
        const tag = /t\/tag_key eq '([^']+)'\)? and \(?t\/value eq '([^']+)'/.exec(query);
        const rows = devices
          .filter((d) => d.fleet === fleet)
          .filter((d) => !tag || tags.get(`${d.id}/${tag[1]}`) === tag[2]);
        return send(200, { d: rows.map((d) => visible(d, expand)) });
      }
      const upsert = (store: Map<string, string>, keyField: string) => {
        const b = body as Record<string, string | number>;
        const key = `${b.device}/${b[keyField]}`;
        if (store.has(key)) return send(409, `"${keyField}" must be unique.`);
        store.set(key, String(b.value));
        return send(201, { id: store.size, ...b });
      };
      const patch = (store: Map<string, string>, keyField: string) => {
        const device = /device eq (\d+)/.exec(query)?.[1];
        const key = new RegExp(`${keyField} eq '([^']+)'`).exec(query)?.[1];
        store.set(`${device}/${key}`, String((body as { value: string }).value));
        return send(200, 'OK');
      };
      if (path === '/v7/device_environment_variable') {
        if (req.method === 'POST') return upsert(env, 'name');
        if (req.method === 'PATCH') return patch(env, 'name');
      }
      if (path === '/v7/device_tag') {
        if (req.method === 'POST') return upsert(tags, 'tag_key');
        if (req.method === 'PATCH') return patch(tags, 'tag_key');
      }
      if (req.method === 'POST' && path === '/supervisor/v1/restart') {
        const b = body as { deviceId: number; appId: number };
        restarts.push({ deviceId: b.deviceId, appId: b.appId });
        return send(200, 'OK');
      }
      return send(404, 'Not Found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    env,
    tags,
    restarts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
