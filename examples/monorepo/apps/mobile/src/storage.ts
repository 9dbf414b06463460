import AsyncStorage from '@react-native-async-storage/async-storage';

export type Booking = {
  id: string;
  marina: string;
  berth: string;
  arrival: string;
  departure: string;
  checkedIn: boolean;
};

export type TideEvent = {
  time: string;
  kind: 'high' | 'low';
  heightMeters: number;
};

export type PendingCheckIn = {
  id: string;
  bookingId: string;
  at: string;
};

const BOOKINGS_KEY = 'harbor/bookings';
const TIDES_KEY = 'harbor/tides';
const PENDING_KEY = 'harbor/pending-check-ins';

async function read<T>(key: string, fallback: T): Promise<T> {
  const raw = await AsyncStorage.getItem(key);
  return raw ? (JSON.parse(raw) as T) : fallback;
}

export const loadBookings = () => read<Booking[]>(BOOKINGS_KEY, []);
export const saveBookings = (bookings: Booking[]) =>
  AsyncStorage.setItem(BOOKINGS_KEY, JSON.stringify(bookings));

export const loadTides = () => read<TideEvent[]>(TIDES_KEY, []);
export const saveTides = (tides: TideEvent[]) =>
  AsyncStorage.setItem(TIDES_KEY, JSON.stringify(tides));

export const loadPendingCheckIns = () => read<PendingCheckIn[]>(PENDING_KEY, []);

export async function addPendingCheckIn(bookingId: string): Promise<void> {
  const pending = await loadPendingCheckIns();
  pending.push({id: `${bookingId}-${Date.now()}`, bookingId, at: new Date().toISOString()});
  await AsyncStorage.setItem(PENDING_KEY, JSON.stringify(pending));
}

export async function removePendingCheckIn(id: string): Promise<void> {
  const pending = await loadPendingCheckIns();
  await AsyncStorage.setItem(
    PENDING_KEY,
    JSON.stringify(pending.filter(checkIn => checkIn.id !== id)),
  );
}
