import { registerRootComponent } from 'expo';

// Defines the background upload task. It has to be defined when the bundle loads, before any
// component mounts, because iOS can start the app in the background just to run it.
import './src/background/uploadTask';
import App from './App';

// registerRootComponent calls AppRegistry.registerComponent('main', () => App);
// It also ensures that whether you load the app in Expo Go or in a native build,
// the environment is set up appropriately
registerRootComponent(App);
