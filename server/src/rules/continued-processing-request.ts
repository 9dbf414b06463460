/**
 * Flags continued-processing requests built in ways that fail at run time or show the user a poor Live Activity: an
 * empty title or subtitle, and the GPU required without checking that the device supports it. (`.fail` with its error
 * thrown away is not judged: real apps use it on purpose, to skip continued processing when it cannot start now.)
 */
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'continued-processing-request',
    description: 'A continued-processing request has an empty title or subtitle, or requires the GPU without checking BGTaskScheduler.supportedResources.',
    defaultSeverity: 'warning',
    category: 'scheduling',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    const words = new Set(analysis.files().flatMap((f) => f.scene?.mentions ?? []));
    for (const site of analysis.requests()) {
      const { req } = site;
      if (req.cls !== 'BGContinuedProcessingTaskRequest') continue;
      // "continued-processing request "x"", or "this continued-processing request" when the id is built at run time.
      const subject = site.id.value !== undefined ? `continued-processing request "${analysis.display(site.id.value, site.scopes[0])}"` : 'this continued-processing request';
      const Subject = subject[0].toUpperCase() + subject.slice(1);
      const taskId = site.id.value !== undefined ? analysis.display(site.id.value, site.scopes[0]) : undefined;
      for (const e of req.options.emptyTexts ?? []) {
        ctx.report({
          file: site.file,
          span: e.span,
          taskId,
          message: `The ${e.label} of ${subject} is empty: iOS shows the title and subtitle in the Live Activity where the user follows and can cancel the task. Say what the task does (for example "Exporting video").`,
        });
      }
      const res = req.options.requiredResources;
      if (res?.gpu && !words.has('supportedResources')) {
        ctx.report({
          file: site.file,
          span: res.span,
          taskId,
          message: `${Subject} requires the GPU, but the code never checks BGTaskScheduler.supportedResources: on a device without background GPU support the submission fails. Require .gpu only when supportedResources.contains(.gpu), and fall back to CPU work otherwise.`,
        });
      }
    }
  },
});
