import { describe, expect, it } from 'vitest';
import type { PubsubPlan } from '../../pubsub';
import { ChannelLayout } from './pubsub-layout';
import { DeliveryTally, stampedPayload } from './pubsub-tally';
import { pubsubPlan } from './test-support';

/** 20 workers (so 16 connections, workers 16–19 sharing 0–3); 80 members in one room each, 20 operators on every alert. */
function plan(): PubsubPlan {
  const compiled = pubsubPlan({
    pubsub: `  classes:
    - { name: critical, delivery: streams, ackInterval: 1s }
    - { name: chat, delivery: pubsub }
  channels:
    - { name: rooms, pattern: "room:{n}", count: 10, class: chat, publishRate: 10/s, payload: 64b }
    - { name: alerts, pattern: "alerts:{n}", count: 2, class: critical, publishRate: 10/s, payload: 64b }
  workers: { count: 20 }
  clients:
    total: 100
    audiences:
      - { name: members, share: 80%, follows: [{ channels: rooms, per: one }] }
      - { name: operators, share: 20%, follows: [{ channels: alerts, per: all }] }`,
  }).pubsub;
  if (!compiled) throw new Error('no pub/sub plan');
  return compiled;
}

describe('ChannelLayout', () => {
  it('places clients round-robin on at most 16 connections and names channels and streams under the run prefix', () => {
    const p = plan();
    const layout = new ChannelLayout(p, 'kw:run:');
    expect(layout.connections).toBe(16);
    expect(layout.names.slice(0, 2)).toEqual(['kw:run:room:0', 'kw:run:room:1']);
    const alert = layout.channelNamed('kw:run:alerts:0') as number;
    expect(layout.isStream[alert]).toBe(1);
    expect(layout.channelOfStream(layout.streamKeys[alert])).toBe(alert);
    expect(layout.channelNamed('room:0')).toBeUndefined();
    // Every client is counted once per channel it follows, and once on its connection.
    for (let c = 0; c < 10; c++) expect(layout.channelRecipients[c]).toBe(8);
    expect(layout.channelRecipients[alert]).toBe(20);
    expect(layout.connectionClients.reduce((a, b) => a + b, 0)).toBe(100);
    // Connection 0 serves workers 0 and 16: 4 + 4 members and 1 + 1 operators.
    expect(layout.connectionClients[0]).toBe(10);
    expect(layout.connectionClients[1]).toBe(10);
    expect(layout.connectionClients[4]).toBe(5);
    // Member i is on worker i mod 20 and in room i mod 10: room 0 on connection 0 holds members 0, 20, 40, 60.
    expect(layout.clientsOn(0, 0)).toBe(4);
    expect(layout.clientsOn(alert, 0)).toBe(2);
    // Worker 16's members (i mod 20 = 16) are in room 6.
    expect(layout.followedBy(0)).toEqual({ channels: ['kw:run:room:0', 'kw:run:room:6'], streams: [10, 11] });
    expect(layout.connectionsFollowing(alert)).toBe(16);
    expect(layout.connectionsFollowing(1)).toBe(2);
  });
});

describe('DeliveryTally', () => {
  it('expects one delivery per following client, counts a received message once per client on its connection, and reads the latency from the payload', () => {
    const p = plan();
    const layout = new ChannelLayout(p, '');
    const tally = new DeliveryTally(layout, p.classes.length);
    const alert = layout.channelNamed('alerts:0') as number;
    const payload = stampedPayload(1000, 7, 64);
    expect(payload).toHaveLength(64);
    expect(payload.startsWith('1000.0000|7|')).toBe(true);
    tally.accepted(alert, 64);
    expect(tally.missing()).toBe(20);
    for (let n = 0; n < layout.connections; n++) tally.message(n, alert, payload, 1002.5);
    expect(tally.missing()).toBe(0);
    expect(tally.deliveries.reduce((a, b) => a + b, 0)).toBe(20);
    expect(tally.messagesIn.reduce((a, b) => a + b, 0)).toBe(16);
    expect(tally.overall.count).toBe(20);
    expect(tally.overall.max).toBeGreaterThanOrEqual(2500);
    expect(tally.overall.max).toBeLessThan(2600);
    // A message on a connection where nobody follows the channel is received, not delivered.
    const room = layout.channelNamed('room:1') as number;
    const idle = Array.from({ length: 16 }, (_, n) => n).find((n) => layout.clientsOn(room, n) === 0) as number;
    tally.message(idle, room, payload, 1001);
    expect(tally.messagesIn[idle]).toBe(2);
    expect(tally.overall.count).toBe(20);
  });
});
