/**
 * What `npm run bench scale` prints: one row of figures per broker, then the cloud's figures against the issue 14
 * targets and beside the reference brokers (scale.ts runs them).
 */
import { CLOUD_ACK_QOS } from './settled.js';

export const TARGETS = { kbPerDevice: 20, connectPerS: 1000, heartbeatCpu: 5, bulkFactor: 1.5 };

export interface Figures {
  connectS: number;
  /** CPU milliseconds per CONNECT: the broker's process, and the fleet's (the bench process). */
  serverMsPerConnect: number;
  fleetMsPerConnect: number;
  kbPerDevice: number;
  /** CPU % with all kiosks connected and no heartbeats: the floor under heartbeatCpu. */
  idleCpu?: number;
  /** RSS of the server before the first CONNECT (for kbPerDeviceAfterGc). */
  rssBeforeKb?: number;
  /**
   * The same RSS difference after a full GC at the end of the run, the kiosks still connected and idle (the cloud
   * only): what they keep, without the garbage kbPerDevice still holds 5 s after the storm. Taken last, so no other
   * figure of the run follows a forced GC.
   */
  kbPerDeviceAfterGc?: number;
  heartbeatCpu: number;
  /** The same, in a 30 s window 2 s after the first heartbeats (the connect storm's collections in it). */
  heartbeatCpuEarly?: number;
  pushS: number;
  apiS?: number;
  /** CPU seconds the cloud process spent from the API call to the last ack: under shared load, steadier than pushS. */
  pushCpuS?: number;
  /** CPU seconds of the cloud's PostgreSQL backends over the same span (seed.ts backendCpu). */
  pushPgCpuS?: number;
}

/** A reference broker's figures, with its QoS 0 push when BENCH_SCALE_REFERENCE_QOS0=1 ran one. */
export type ReferenceFigures = Figures & { pushQos0S?: number };

export function printRow(name: string, n: number, f: Figures): void {
  console.log(
    `  ${name.padEnd(10)} connect ${(n / f.connectS).toFixed(0).padStart(6)}/s (${f.connectS.toFixed(2)} s;` +
      ` CPU per CONNECT ${f.serverMsPerConnect.toFixed(2)} ms, fleet ${f.fleetMsPerConnect.toFixed(2)} ms)` +
      `  memory ${f.kbPerDevice.toFixed(1).padStart(6)} KB/device` +
      (f.kbPerDeviceAfterGc === undefined ? '' : ` (after a full GC ${f.kbPerDeviceAfterGc.toFixed(1)})`) +
      `  idle CPU ${(f.idleCpu?.toFixed(2) ?? '–').padStart(6)} %  heartbeat CPU ${f.heartbeatCpu.toFixed(2).padStart(6)} %` +
      (f.heartbeatCpuEarly === undefined ? '' : ` (after the storm ${f.heartbeatCpuEarly.toFixed(2)} %)`) +
      `  push to all acked ${f.pushS.toFixed(2).padStart(7)} s${f.apiS === undefined ? '' : ` (API call ${f.apiS.toFixed(2)} s${f.pushCpuS === undefined ? '' : `, cloud CPU ${f.pushCpuS.toFixed(2)} s`}${f.pushPgCpuS === undefined ? '' : `, PostgreSQL CPU ${f.pushPgCpuS.toFixed(2)} s`})`}`,
  );
}

export function printTargets(
  n: number,
  {
    mosquitto,
    cloud,
    outboxS,
    bareAedes,
  }: { mosquitto: ReferenceFigures; cloud: Figures; outboxS: number; bareAedes: ReferenceFigures | null },
): void {
  const bulkTarget = TARGETS.bulkFactor * (mosquitto.pushS + outboxS);
  console.log(
    `  targets: connect >= ${TARGETS.connectPerS}/s: ${(n / cloud.connectS / TARGETS.connectPerS).toFixed(2)}x;` +
      ` memory <= ${TARGETS.kbPerDevice} KB: ${(cloud.kbPerDevice / TARGETS.kbPerDevice).toFixed(2)} of target;` +
      ` heartbeat CPU <= ${TARGETS.heartbeatCpu} %: ${(cloud.heartbeatCpu / TARGETS.heartbeatCpu).toFixed(2)} of target;` +
      ` push <= 1.5 x (Mosquitto ${mosquitto.pushS.toFixed(2)} s + outbox write ${outboxS.toFixed(2)} s) = ${bulkTarget.toFixed(2)} s: ${(cloud.pushS / bulkTarget).toFixed(2)} of target` +
      ` (kiosks' acks at QoS ${CLOUD_ACK_QOS})`,
  );
  if (mosquitto.pushQos0S !== undefined) {
    const qos0Target = TARGETS.bulkFactor * (mosquitto.pushQos0S + outboxS);
    console.log(
      `  beside it, Mosquitto at QoS 0 both ways (every ack heard) ${mosquitto.pushQos0S.toFixed(2)} s:` +
        ` 1.5 x (${mosquitto.pushQos0S.toFixed(2)} + ${outboxS.toFixed(2)}) = ${qos0Target.toFixed(2)} s, cloud ${(cloud.pushS / qos0Target).toFixed(2)} of it`,
    );
  }
  if (bareAedes) {
    console.log(
      `  beside it, aedes alone (no ScreenVisit code): cloud / aedes = connect time ${(cloud.connectS / bareAedes.connectS).toFixed(2)}x,` +
        ` memory ${(cloud.kbPerDevice / bareAedes.kbPerDevice).toFixed(2)}x, heartbeat CPU ${(cloud.heartbeatCpu / bareAedes.heartbeatCpu).toFixed(2)}x` +
        (bareAedes.pushQos0S === undefined
          ? ''
          : `, push ${(cloud.pushS / bareAedes.pushQos0S).toFixed(2)}x of its QoS 0 push (${bareAedes.pushQos0S.toFixed(2)} s)`),
    );
  }
}
