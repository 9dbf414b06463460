/**
 * Named starting points for the panel, the CLI and `"extends"` in scenario files. Each is a full
 * scenario built from the defaults, so every model parameter stays visible in it.
 */
import { defaultScenario, type Scenario } from './scenario';

export interface Preset {
  id: string;
  label: string;
  build(): Scenario;
}

export const presets: readonly Preset[] = [
  {
    id: 'commuter-weekday',
    label: 'Commuter weekday',
    build() {
      const s = defaultScenario();
      s.name = 'Commuter weekday';
      s.description = 'Opens the app at 08:05 on the train, at lunch and at 21:40; cellular on the commute, Wi-Fi at home and work, charges overnight.';
      s.device.periods = [
        { label: 'Morning commute', from: '07:40', to: '08:45', days: 'weekdays', set: { network: 'cellular' } },
        { label: 'Evening commute', from: '17:30', to: '18:40', days: 'weekdays', set: { network: 'cellular' } },
      ];
      return s;
    },
  },
  {
    id: 'overnight-charger',
    label: 'Overnight charger',
    build() {
      const s = defaultScenario();
      s.name = 'Overnight charger';
      s.description = 'Opens the app twice a day and leaves the phone on the charger on Wi-Fi from 22:30 to 07:00: the best case for processing tasks.';
      s.usage.sessions = [
        { at: '07:15', jitterMinutes: 10, durationMinutes: 5, days: 'daily', probability: 1 },
        { at: '20:30', jitterMinutes: 30, durationMinutes: 10, days: 'daily', probability: 0.9 },
      ];
      s.device.charging = [{ from: '22:30', to: '07:00', days: 'daily' }];
      s.device.use.awake = [{ from: '07:00', to: '22:30', days: 'daily' }];
      return s;
    },
  },
  {
    id: 'rarely-opened',
    label: 'Rarely opened app',
    build() {
      const s = defaultScenario();
      s.name = 'Rarely opened app';
      s.description = 'The user opens the app on about one evening in six, and swipes it away in the app switcher half the time.';
      s.days = 30;
      s.usage.sessions = [{ at: '19:00', jitterMinutes: 90, durationMinutes: 3, days: 'daily', probability: 0.17 }];
      s.usage.forceQuitAfterSessionProbability = 0.5;
      return s;
    },
  },
  {
    id: 'low-power-mode',
    label: 'Low Power Mode user',
    build() {
      const s = defaultScenario();
      s.name = 'Low Power Mode user';
      s.description = 'Heavy daytime drain; the user turns Low Power Mode on below 50% and it stays on until the phone is charged to 80% overnight.';
      s.device.battery = { startPercent: 70, drainPercentPerHour: 6, chargePercentPerHour: 30, autoLowPowerModeBelowPercent: 50 };
      s.device.charging = [{ from: '23:45', to: '06:30', days: 'daily' }];
      return s;
    },
  },
];

/** A fresh copy of the preset's scenario, or undefined for an unknown id. */
export function presetByName(id: string): Scenario | undefined {
  return presets.find((p) => p.id === id)?.build();
}
