import { describe, expect, it } from 'vitest';
import {
  expired,
  observedState,
  TERMINATED_VISIBLE_MS,
  transition,
  TRANSITION_MS,
  type InstanceStateName,
} from './states.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('observedState', () => {
  it.each([
    ['running', 'pending'],
    ['stopped', 'stopping'],
    ['terminated', 'shutting-down'],
  ] as const)('%s is %s during the transition, then itself', (settled, onTheWay) => {
    expect(observedState(settled, t0, t0)).toBe(onTheWay);
    expect(observedState(settled, t0, later(TRANSITION_MS - 1))).toBe(onTheWay);
    expect(observedState(settled, t0, later(TRANSITION_MS))).toBe(settled);
  });

  it('lets terminated instances go after an hour, and only those', () => {
    expect(expired('terminated', t0, later(TERMINATED_VISIBLE_MS - 1))).toBe(false);
    expect(expired('terminated', t0, later(TERMINATED_VISIBLE_MS))).toBe(true);
    expect(expired('stopped', t0, later(10 * TERMINATED_VISIBLE_MS))).toBe(false);
  });
});

describe('transition', () => {
  const all: InstanceStateName[] = [
    'pending',
    'running',
    'stopping',
    'stopped',
    'shutting-down',
    'terminated',
  ];
  const table = (action: Parameters<typeof transition>[0]) =>
    Object.fromEntries(
      all.map((s) => {
        const t = transition(action, s);
        return [s, t.kind === 'move' ? `→${t.to}` : t.kind];
      }),
    );

  it('follows EC2’s rules for each action from each state', () => {
    expect(table('start')).toEqual({
      pending: 'stay',
      running: 'stay',
      stopping: 'refuse',
      stopped: '→running',
      'shutting-down': 'refuse',
      terminated: 'refuse',
    });
    expect(table('stop')).toEqual({
      pending: '→stopped',
      running: '→stopped',
      stopping: 'stay',
      stopped: 'stay',
      'shutting-down': 'refuse',
      terminated: 'refuse',
    });
    expect(table('terminate')).toEqual({
      pending: '→terminated',
      running: '→terminated',
      stopping: '→terminated',
      stopped: '→terminated',
      'shutting-down': 'stay',
      terminated: 'stay',
    });
    expect(table('reboot')).toEqual({
      pending: 'stay',
      running: 'stay',
      stopping: 'refuse',
      stopped: 'refuse',
      'shutting-down': 'refuse',
      terminated: 'refuse',
    });
  });
});
