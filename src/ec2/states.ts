import type { Ec2SettledState } from '../store/database.js';

/**
 * The instance lifecycle. An instance settles in running, stopped or terminated; on its way it is
 * pending, stopping or shutting-down for `TRANSITION_MS`. The state is read from the time, so a
 * transition needs no background work and survives a restart.
 */

export type InstanceStateName =
  'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

/** EC2's state codes (the low byte of `InstanceState.Code`). */
export const STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** How long an instance stays pending, stopping or shutting-down: brief, for a development service. */
export const TRANSITION_MS = 1500;

/** How long a terminated instance stays visible, as EC2 keeps them for about an hour. */
export const TERMINATED_VISIBLE_MS = 60 * 60 * 1000;

const ON_THE_WAY: Readonly<Record<Ec2SettledState, InstanceStateName>> = {
  running: 'pending',
  stopped: 'stopping',
  terminated: 'shutting-down',
};

/** The state an instance is in at `now`, settling into `settled` since `changedAt`. */
export function observedState(settled: Ec2SettledState, changedAt: Date, now: Date): InstanceStateName {
  return now.getTime() - changedAt.getTime() < TRANSITION_MS ? ON_THE_WAY[settled] : settled;
}

/** Whether a terminated instance has been gone long enough to no longer be listed. */
export function expired(settled: Ec2SettledState, changedAt: Date, now: Date): boolean {
  return settled === 'terminated' && now.getTime() - changedAt.getTime() >= TERMINATED_VISIBLE_MS;
}

export type Lifecycle = 'start' | 'stop' | 'terminate' | 'reboot';

/** What an action does to an instance in a state: move it on, leave it, or refuse. */
export type Transition =
  | { readonly kind: 'move'; readonly to: Ec2SettledState }
  | { readonly kind: 'stay' }
  | { readonly kind: 'refuse'; readonly verb: string };

const REFUSE_VERB: Readonly<Record<Lifecycle, string>> = {
  start: 'started',
  stop: 'stopped',
  terminate: 'terminated',
  reboot: 'rebooted',
};

/** EC2's rules: stopped instances start, running ones stop, anything not yet gone terminates. */
export function transition(action: Lifecycle, state: InstanceStateName): Transition {
  const refuse: Transition = { kind: 'refuse', verb: REFUSE_VERB[action] };
  switch (action) {
    case 'start':
      if (state === 'stopped') return { kind: 'move', to: 'running' };
      return state === 'running' || state === 'pending' ? { kind: 'stay' } : refuse;
    case 'stop':
      if (state === 'running' || state === 'pending') return { kind: 'move', to: 'stopped' };
      return state === 'stopped' || state === 'stopping' ? { kind: 'stay' } : refuse;
    case 'terminate':
      return state === 'terminated' || state === 'shutting-down'
        ? { kind: 'stay' }
        : { kind: 'move', to: 'terminated' };
    case 'reboot':
      return state === 'running' || state === 'pending' ? { kind: 'stay' } : refuse;
  }
}
