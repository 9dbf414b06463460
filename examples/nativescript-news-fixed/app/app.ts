import { Application } from '@nativescript/core';

if (__IOS__) {
  // Loaded only on iOS: the delegate subclasses UIResponder. It has to be set before
  // Application.run(), because iOS calls applicationDidFinishLaunchingWithOptions during run().
  const { NewsAppDelegate } = require('./ios/news-app-delegate');
  Application.ios.delegate = NewsAppDelegate;
}

Application.run({ moduleName: 'app-root' });

/*
Do not place any code after the application has been started as it will not
be executed on iOS.
*/
