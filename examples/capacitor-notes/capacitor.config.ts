/// <reference types="@capacitor/background-runner" />

import type { CapacitorConfig } from '@capacitor/cli';

const config: CapacitorConfig = {
  appId: 'com.example.notes',
  appName: 'Notes',
  webDir: 'dist',
  plugins: {
    BackgroundRunner: {
      label: 'com.example.notes.backup',
      src: 'runners/background.js',
      event: 'backupNotes',
      repeat: true,
      interval: 60,
      autoStart: false,
    },
  },
};

export default config;
