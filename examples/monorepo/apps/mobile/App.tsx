/**
 * Harbor: upcoming berth bookings, check-in and the tide table.
 *
 * @format
 */

import React, {useCallback, useEffect, useState} from 'react';
import {AppState, Pressable, SafeAreaView, ScrollView, StyleSheet, Text, View} from 'react-native';
import {sendCheckIn} from './src/api';
import {initBackgroundFetch, scheduleBookingSyncIfNeeded} from './src/background';
import {
  Booking,
  TideEvent,
  addPendingCheckIn,
  loadBookings,
  loadTides,
  saveBookings,
} from './src/storage';

function App(): React.JSX.Element {
  const [bookings, setBookings] = useState<Booking[]>([]);
  const [tides, setTides] = useState<TideEvent[]>([]);

  const reload = useCallback(async () => {
    setBookings(await loadBookings());
    setTides(await loadTides());
  }, []);

  useEffect(() => {
    reload();
    initBackgroundFetch().catch(error => console.warn('[background] configure failed', error));

    const subscription = AppState.addEventListener('change', state => {
      if (state === 'active') {
        reload();
      } else if (state === 'background') {
        scheduleBookingSyncIfNeeded().catch(error =>
          console.warn('[background] could not schedule the booking sync', error),
        );
      }
    });
    return () => subscription.remove();
  }, [reload]);

  const checkIn = async (booking: Booking) => {
    const updated = bookings.map(b => (b.id === booking.id ? {...b, checkedIn: true} : b));
    setBookings(updated);
    await saveBookings(updated);
    try {
      await sendCheckIn({id: `${booking.id}-now`, bookingId: booking.id, at: new Date().toISOString()});
    } catch {
      // Offline at the pontoon is normal; the background sync sends it later.
      await addPendingCheckIn(booking.id);
    }
  };

  return (
    <SafeAreaView style={styles.container}>
      <ScrollView contentContainerStyle={styles.content}>
        <Text style={styles.heading}>Bookings</Text>
        {bookings.length === 0 && <Text style={styles.muted}>No upcoming stays.</Text>}
        {bookings.map(booking => (
          <View key={booking.id} style={styles.card}>
            <Text style={styles.title}>
              {booking.marina} · berth {booking.berth}
            </Text>
            <Text style={styles.muted}>
              {new Date(booking.arrival).toLocaleDateString()} –{' '}
              {new Date(booking.departure).toLocaleDateString()}
            </Text>
            {booking.checkedIn ? (
              <Text style={styles.done}>Checked in</Text>
            ) : (
              <Pressable style={styles.button} onPress={() => checkIn(booking)}>
                <Text style={styles.buttonLabel}>Check in</Text>
              </Pressable>
            )}
          </View>
        ))}

        <Text style={styles.heading}>Tides</Text>
        {tides.map(tide => (
          <Text key={tide.time} style={styles.tide}>
            {new Date(tide.time).toLocaleString()} · {tide.kind === 'high' ? 'High' : 'Low'}{' '}
            {tide.heightMeters.toFixed(1)} m
          </Text>
        ))}
      </ScrollView>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  container: {flex: 1, backgroundColor: '#f4f7fa'},
  content: {padding: 16},
  heading: {fontSize: 22, fontWeight: '700', marginTop: 16, marginBottom: 8},
  card: {backgroundColor: '#ffffff', borderRadius: 12, padding: 12, marginBottom: 8},
  title: {fontSize: 16, fontWeight: '600'},
  muted: {color: '#6b7785', marginTop: 2},
  done: {color: '#1f8a4c', marginTop: 8},
  button: {
    alignSelf: 'flex-start',
    marginTop: 8,
    paddingHorizontal: 14,
    paddingVertical: 6,
    borderRadius: 14,
    backgroundColor: '#0b5cab',
  },
  buttonLabel: {color: '#ffffff', fontWeight: '600'},
  tide: {paddingVertical: 4},
});

export default App;
