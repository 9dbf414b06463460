/// <reference path="./node_modules/@nativescript/types/index.d.ts" />

// The iOS runtime accepts the NSError** out-parameter of -submitTaskRequest:error: either way:
// left out, a failure is thrown as a JS error; passed as an interop.Reference, the method returns
// false and fills it in. The @nativescript/types 8.9 declarations only have the first form.
interface BGTaskScheduler {
  submitTaskRequestError(taskRequest: BGTaskRequest, error: interop.Reference<NSError>): boolean;
}
