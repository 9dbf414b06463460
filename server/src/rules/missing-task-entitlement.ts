/**
 * Flags task requests that need an entitlement the app target does not have: health-research requests without
 * `com.apple.developer.backgroundtasks.healthresearch`, and continued-processing requests asking for the GPU without
 * `com.apple.developer.background-tasks.continued-processing.gpu`. Judged per target from CODE_SIGN_ENTITLEMENTS.
 */
import { GPU_ENTITLEMENT, HEALTH_RESEARCH_ENTITLEMENT } from '../analysis/model/entitlements';
import { setTrueKey } from '../analysis/plist/plistEdits';
import type { Span } from '../analysis/text/lineIndex';
import { rel } from '../ruleSupport/helpers';
import { defineRule, type Fix } from './types';

export default defineRule({
  meta: {
    id: 'missing-task-entitlement',
    description: 'A health-research request, or a continued-processing request that requires the GPU, is submitted by a target whose entitlements lack the key iOS requires for it.',
    defaultSeverity: 'error',
    category: 'configuration',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const reported = new Set<string>();
    for (const site of analysis.requests()) {
      const { req } = site;
      let need: { key: string; span: Span; what: string; capability: string } | undefined;
      if (req.cls === 'BGHealthResearchTaskRequest') {
        need = { key: HEALTH_RESEARCH_ENTITLEMENT, span: req.span, what: 'A health-research request', capability: 'granted to apps that run health studies' };
      } else if (req.cls === 'BGContinuedProcessingTaskRequest' && req.options.requiredResources?.gpu) {
        need = { key: GPU_ENTITLEMENT, span: req.options.requiredResources.span, what: 'A continued-processing request that requires the GPU', capability: 'Xcode capability "Background GPU Access"' };
      }
      if (!need) continue;
      for (const scope of site.scopes) {
        const check = analysis.entitlement(scope, need.key);
        if (check.state === 'present' || check.state === 'unknown') continue;
        const key = `${site.file}:${need.span.start}:${need.key}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const configs = check.configurations.join(', ');
        if (check.state === 'no-file') {
          // The entitlements could also come from somewhere the project does not show (an xcconfig not read): a warning.
          ctx.report({
            file: site.file,
            span: need.span,
            severity: 'warning',
            message: `${need.what} needs the ${need.key} entitlement, but target ${scope.name} has no entitlements file (no CODE_SIGN_ENTITLEMENTS in ${configs}): iOS rejects the submission. Add the entitlement (${need.capability}) in Signing & Capabilities.`,
          });
          continue;
        }
        const file = rel(analysis, check.doc.file);
        const edit = setTrueKey(check.doc, need.key);
        const fixes: Fix[] = edit ? [{ title: `Add ${need.key} to ${file}`, edits: [{ file: check.doc.file, span: edit.span, newText: edit.newText }], safe: false, preferred: true }] : [];
        ctx.report({
          file: site.file,
          span: need.span,
          message: `${need.what} needs the ${need.key} entitlement, but ${file} (target ${scope.name}, ${configs}) ${check.value ? 'sets it to false' : 'does not have it'}: iOS rejects the submission. Add it (${need.capability}); the provisioning profile must allow it too.`,
          related: [{ file: check.doc.file, span: check.value?.span ?? check.doc.plist.root!.openTag, message: `entitlements of target ${scope.name}` }],
          fixes,
        });
      }
    }
  },
});
