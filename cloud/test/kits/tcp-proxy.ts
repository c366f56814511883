// Shared with the kiosk agent's tests (a silent MQTT link), so it lives with the other test doubles in protocol.
export { startTcpProxy } from '@screenvisit/protocol/testing/tcp-proxy';
