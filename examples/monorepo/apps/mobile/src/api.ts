import type {Booking, PendingCheckIn, TideEvent} from './storage';

const API_BASE = 'https://api.harbor.example.com/v1';

async function getJSON<T>(path: string): Promise<T> {
  const response = await fetch(`${API_BASE}${path}`, {headers: {Accept: 'application/json'}});
  if (!response.ok) {
    throw new Error(`GET ${path}: HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

export const fetchBookings = () => getJSON<Booking[]>('/me/bookings?upcoming=true');

export const fetchTides = () => getJSON<TideEvent[]>('/tides?station=home&days=3');

export async function sendCheckIn(checkIn: PendingCheckIn): Promise<void> {
  const response = await fetch(`${API_BASE}/bookings/${checkIn.bookingId}/check-in`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({at: checkIn.at, client_id: checkIn.id}),
  });
  if (!response.ok && response.status !== 409) {
    throw new Error(`check-in ${checkIn.bookingId}: HTTP ${response.status}`);
  }
}
