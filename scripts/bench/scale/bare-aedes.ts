/**
 * The engine alone, for the scale bench's `aedes` reference row (BENCH_SCALE_REFERENCE_AEDES=1): the aedes the
 * cloud embeds (same package, same Node, started under tsx as the cloud is), on a loopback TCP port, with its
 * default in-memory persistence and none of ScreenVisit's code: no authentication, no authorisation, no decode, no
 * database. One hook, so that it is the engine as the cloud uses it rather than a known trap: a PUBLISH's retain
 * flag is cleared, as the cloud keeps no retained message (realtime/mqtt/no-retained.ts; issue 14: aedes' memory
 * persistence tests every retained message on every SUBSCRIBE, so a retained `state` per kiosk made each connect
 * O(N)). What the cloud's figures cost above this row is ScreenVisit's own work.
 * Usage: node --import tsx scripts/bench/scale/bare-aedes.ts <port>   (prints "ready" once listening)
 */
import { createServer } from 'node:net';
import { Aedes } from 'aedes';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535).parse(process.argv[2]);
const broker = await Aedes.createBroker({
  authorizePublish(_client, packet, callback) {
    packet.retain = false;
    callback(null);
  },
});
const server = createServer(broker.handle);
server.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => {
  server.close();
  broker.close(() => process.exit(0));
});
