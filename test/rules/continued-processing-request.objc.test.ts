/** continued-processing-request on Objective-C requests: empty texts, and the GPU with or without the device check. */
import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

const plist = infoPlist({ ids: ['com.example.app.export.*'], modes: null, bundleId: 'com.example.app' });

const exporter = (build: string, check = '') => `#import <BackgroundTasks/BackgroundTasks.h>

@implementation Exporter

- (void)registerExport:(NSString *)identifier {
    [[BGTaskScheduler sharedScheduler] registerForTaskWithIdentifier:identifier usingQueue:nil launchHandler:^(BGTask *task) {
        task.expirationHandler = ^{ [self cancel]; };
        [self exportWithProgress:task.progress completion:^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; }];
    }];
}

- (void)startExport {
    NSString *identifier = @"com.example.app.export.movie";
    [self registerExport:identifier];
${build}${check}
    [[BGTaskScheduler sharedScheduler] submitTaskRequest:request error:nil];
}

@end
`;

const request = (title: string, subtitle: string) => `    BGContinuedProcessingTaskRequest *request = [[BGContinuedProcessingTaskRequest alloc] initWithIdentifier:identifier title:${title} subtitle:${subtitle}];\n`;

ruleTester('continued-processing-request', {
  valid: [
    { name: 'ObjC: a title and subtitle, no GPU', files: { 'App/Info.plist': plist, 'App/Exporter.m': exporter(request('@"Exporting"', '@"Movie.mov"')) } },
    { name: 'ObjC: the GPU only when the device supports it', files: { 'App/Info.plist': plist, 'App/Exporter.m': exporter(request('@"Exporting"', '@"Movie.mov"'), '    if ([BGTaskScheduler supportedResources] & BGContinuedProcessingTaskRequestResourcesGPU) {\n        request.requiredResources = BGContinuedProcessingTaskRequestResourcesGPU;\n    }\n') } },
  ],
  invalid: [
    { name: 'ObjC: an empty subtitle', files: { 'App/Info.plist': plist, 'App/Exporter.m': exporter(request('@"Exporting"', '«@""»')) } },
    { name: 'ObjC: the GPU without the device check', files: { 'App/Info.plist': plist, 'App/Exporter.m': exporter(request('@"Exporting"', '@"Movie.mov"'), '    request.requiredResources = «BGContinuedProcessingTaskRequestResourcesGPU»;\n') } },
  ],
});
